package dev.speechmeter.rest;

import dev.speechmeter.spi.UsageLog;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

/**
 * The bodies of {@code GET /v1/usage-logs} and {@code GET /v1/usage/summary} made by the
 * endpoints' own package-private pieces ({@link UsageLogRequest}, {@link UsageLogsResource#json},
 * {@link UsageSummary}, the builders of {@link JsonFactories}), the way the resources make them
 * once the caller is known, written out as the server would send them. A test fixture of the
 * endpoints' package, published in this module's test jar, so that the benchmarks measure that
 * code itself rather than a copy of it. The writer stands in for the server's JSON writer, made from a provider looked up
 * once.
 */
public final class UsageBodies {

    private static final JsonWriterFactory WRITERS = Json.createWriterFactory(Map.of());

    private UsageBodies() {
    }

    /** One page of the usage log: the query read from its parameters, the page, its JSON. */
    public static Body usageLogs(UsageLog log, UUID projectId, String startTime, String endTime, String sort,
                                 String cursor, Instant now) {
        UsageLogRequest request = request(startTime, endTime, sort, cursor, now);
        UsageLog.Page page = log.entries(request.query(projectId));
        JsonArrayBuilder entries = JsonFactories.BUILDERS.createArrayBuilder();
        page.entries().forEach(entry -> entries.add(UsageLogsResource.json(entry)));
        JsonObjectBuilder body = JsonFactories.BUILDERS.createObjectBuilder().add("usage_logs", entries);
        String next = page.next() == null ? null : request.cursorAfter(page.next());
        if (next == null) {
            body.addNull("next_page_cursor");
        } else {
            body.add("next_page_cursor", next);
        }
        return new Body(write(body.build()), page.entries().size(), next);
    }

    private static UsageLogRequest request(String startTime, String endTime, String sort, String cursor, Instant now) {
        UsageLogRequest request = UsageLogRequest.parse(startTime, endTime, null, sort, cursor, null, now);
        if (!request.errors().isEmpty()) {
            throw new IllegalArgumentException(request.errors().toString());
        }
        return request;
    }

    /** The summary of the days from {@code first} to {@code last}, inclusive. */
    public static Body summary(UsageLog log, UUID projectId, LocalDate first, LocalDate last) {
        UsageSummary summary = new UsageSummary(first, last).add(log.days(projectId, first, last));
        return new Body(write(summary.json()), 0, null);
    }

    /** The cursor the endpoint would hand out for the page after {@code position}. */
    public static String cursor(boolean descending, UsageLog.Position position) {
        String sort = descending ? UsageLogRequest.DESCENDING : UsageLogRequest.ASCENDING;
        return UsageLogRequest.parse("2000-01-01T00:00:00Z", "2000-01-02T00:00:00Z", null, sort, null, null,
                Instant.parse("2000-01-02T00:00:00Z")).cursorAfter(position);
    }

    private static byte[] write(JsonObject json) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        try (JsonWriter writer = WRITERS.createWriter(bytes)) {
            writer.writeObject(json);
        }
        return bytes.toByteArray();
    }

    /**
     * @param json    the body as sent
     * @param entries how many usage-log entries it holds
     * @param cursor  its {@code next_page_cursor}, or null
     */
    public record Body(byte[] json, int entries, String cursor) {
    }
}
