package dev.speechmeter.spi;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The read side of the usage ledger: one project's billed entries, a page at a time, in the
 * order of their end time, then id (keyset paging, so that paging over a window returns every
 * entry exactly once while new ones are written).
 *
 * <pre>{@code
 * UsageLog.Page page = log.entries(new UsageLog.Query(projectId, start, end, 1000, false, null, null));
 * while (page.next() != null) {
 *     page = log.entries(query.after(page.next()));
 * }
 * }</pre>
 */
public interface UsageLog {

    Page entries(Query query);

    /**
     * The project's billed usage per UTC day and model, from {@code first} to {@code last}
     * inclusive; days without usage are absent.
     */
    List<Day> days(UUID projectId, LocalDate first, LocalDate last);

    /**
     * One project's usage of one model on one UTC day.
     *
     * @param usage    the sums; its model is the day's model (null for entries without one)
     * @param requests how many billed requests
     * @param costs    the sums of their costs
     */
    record Day(LocalDate day, long requests, Usage usage, Costs costs) {
    }

    /**
     * @param projectId         whose entries
     * @param start             inclusive, on the entry's end time
     * @param end               exclusive, on the entry's end time
     * @param limit             most entries in the page
     * @param descending        newest first
     * @param after             the position the previous page ended at, or null for the first page
     * @param clientReferenceId only entries with this reference, or null for all
     */
    record Query(UUID projectId, Instant start, Instant end, int limit, boolean descending, Position after,
                 String clientReferenceId) {

        public Query {
            Objects.requireNonNull(projectId, "projectId");
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
        }

        public Query after(Position position) {
            return new Query(projectId, start, end, limit, descending, position, clientReferenceId);
        }
    }

    /** Where a page ended: the last entry's end time and id. */
    record Position(Instant endTime, UUID uuid) {
    }

    /** @param next where the following page starts, or null when this is the last */
    record Page(List<Entry> entries, Position next) {
    }

    /** One usage-log entry, with the fields of the API. */
    record Entry(UUID uuid, String requestScope, String clientReferenceId, Instant startTime, Instant endTime,
                 Usage usage, Costs costs) {
    }
}
