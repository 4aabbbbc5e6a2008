package dev.speechmeter.sample.it;

/** Text made safe to print in a test report: one line, control and non-ASCII characters escaped, cut short. */
final class Strings {

    private Strings() {
    }

    /** The text with {@code \r}, {@code \n}, controls and non-ASCII as {@code \\uXXXX}, at most {@code max} characters. */
    static String escape(String text, int max) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 16);
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (out.length() >= max && text.length() > max) {
            out.setLength(max);
            out.append("...(").append(text.length()).append(" chars)");
        }
        return out.toString();
    }
}
