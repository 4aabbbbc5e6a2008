package dev.speechmeter.sample.jobs;

import dev.speechmeter.InvalidRequestException;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Newest-first pages over a project's files or transcriptions, whose ids are time-ordered: the
 * cursor is the id of the last item of the page before.
 */
final class Pages {

    static final int DEFAULT_LIMIT = 1_000;

    private Pages() {
    }

    record Page<T>(List<T> items, String nextCursor) {
    }

    static <T> Page<T> of(NavigableMap<UUID, T> items, Integer limit, String cursor, Predicate<T> visible) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > DEFAULT_LIMIT) {
            throw new InvalidRequestException("query.limit", limit != null && limit < 1 ? "greater_than_equal"
                    : "less_than_equal", "limit must be from 1 to " + DEFAULT_LIMIT + ".");
        }
        NavigableMap<UUID, T> newestFirst = items.descendingMap();
        if (cursor != null) {
            newestFirst = newestFirst.tailMap(cursorId(cursor), false);
        }
        List<Map.Entry<UUID, T>> page = newestFirst.entrySet().stream().filter(entry -> visible.test(entry.getValue()))
                .limit(size + 1L).toList();
        List<T> shown = page.stream().limit(size).map(Map.Entry::getValue).toList();
        return new Page<>(shown, page.size() <= size ? null : page.get(size - 1).getKey().toString());
    }

    private static UUID cursorId(String cursor) {
        try {
            if (cursor.length() == 36) {
                return UUID.fromString(cursor);
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw new InvalidRequestException("query.cursor", "invalid", "cursor is not one this service gave.");
    }
}
