package dev.speechmeter.internal.engine;

import dev.speechmeter.spi.Level;
import java.util.Map;

/**
 * Slots in use and caps per pool, for both levels: the body of {@code GET /v1/concurrency-limits}.
 * Maps are keyed by limit name ({@code transcribe_concurrent}); a null cap means no cap.
 */
public record ConcurrencyReport(Level organization, Level project) {

    /** One level's figures. */
    public record Level(Map<String, Integer> current, Map<String, Integer> limits) {
    }
}
