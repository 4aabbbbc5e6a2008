package dev.speechmeter.jpa;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * An entity's {@link Instant} as the {@link OffsetDateTime} in UTC that every Jakarta Persistence
 * 3.1 provider maps: {@code Instant} itself is a basic type only from Persistence 3.2, and
 * EclipseLink 4 would serialize it into the timestamp column. The columns are
 * {@code timestamp with time zone} (H2, PostgreSQL), where the instant is kept whatever the
 * server's time zone, and {@code datetime(6)} in UTC (MariaDB), where Hibernate writes UTC.
 *
 * <pre>{@code
 * @Convert(converter = InstantColumn.class)
 * @Column(name = "created_at", nullable = false)
 * private Instant createdAt;
 * }</pre>
 */
@Converter
public final class InstantColumn implements AttributeConverter<Instant, OffsetDateTime> {

    /** For the provider, which makes the converter. */
    public InstantColumn() {
    }

    @Override
    public OffsetDateTime convertToDatabaseColumn(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    @Override
    public Instant convertToEntityAttribute(OffsetDateTime column) {
        return column == null ? null : column.toInstant();
    }
}
