package dev.speechmeter.jpa;

import java.util.Arrays;
import java.util.List;

/**
 * The {@code tags} column of {@code sm_usage_entry}: a request's tags in one text, each preceded
 * by a line feed and the last followed by one ({@code "\na\nb\n"}); null for none. A tag holds no
 * control character, so the line feeds only ever separate, and "has tag t" is the search for
 * {@link #needle(String) "\nt\n"}, the same in every database.
 */
final class TagsColumn {

    /** Characters of the column: ten tags of 128 characters, each with its line feed, and the last one. */
    static final int LENGTH = 1291;

    private static final String SEPARATOR = "\n";

    private TagsColumn() {
    }

    /** The column's value for these tags; null for none. */
    static String encode(List<String> tags) {
        return tags.isEmpty() ? null : SEPARATOR + String.join(SEPARATOR, tags) + SEPARATOR;
    }

    /** The tags of a column's value; empty for null. */
    static List<String> decode(String column) {
        if (column == null || column.length() < 2) {
            return List.of();
        }
        return Arrays.asList(column.substring(1, column.length() - 1).split(SEPARATOR, -1));
    }

    /** What the column of a request carrying {@code tag} contains. */
    static String needle(String tag) {
        return SEPARATOR + tag + SEPARATOR;
    }
}
