package dev.speechmeter.rest;

import dev.speechmeter.spi.ApiError.ValidationError;

/**
 * One pass over a JSON text before it is parsed, so that the parser is only ever given a small,
 * shallow text with short numbers. The grammar is left to the parser.
 *
 * <pre>{@code
 * ValidationError broken = JsonScan.check("[".repeat(33) + "]".repeat(33));   // json_invalid on body
 * }</pre>
 */
final class JsonScan {

    /** The most bytes (UTF-8) a body or a configuration message may have. */
    static final int MAX_BYTES = 64 * 1024;
    /** The deepest arrays and objects may nest; the document's own object is depth 1. */
    static final int MAX_DEPTH = 32;
    /** The most characters of one number, sign, fraction and exponent included. */
    static final int MAX_NUMBER_LENGTH = 40;
    /** The most digits of a number's exponent, leading zeros aside: {@code 1e999} at most. */
    static final int MAX_EXPONENT_DIGITS = 3;

    private final String text;
    private int at;
    private int bytes;
    private int depth;

    private JsonScan(String text) {
        this.text = text;
    }

    /** The first limit {@code text} breaks, as a validation error on {@code body}; null when it keeps them all. */
    static ValidationError check(String text) {
        return text.length() > MAX_BYTES ? tooLong() : new JsonScan(text).scan();
    }

    private ValidationError scan() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == '"') {
                string();
                continue;
            }
            ValidationError broken = c == '-' || isDigit(c) ? number() : structure(c);
            if (broken != null) {
                return broken;
            }
        }
        return bytes > MAX_BYTES ? tooLong() : null;
    }

    /** Past the string that starts here: brackets and digits inside it are text. */
    private void string() {
        bytes++;
        at++;
        boolean escaped = false;
        while (at < text.length()) {
            char c = text.charAt(at++);
            bytes += utf8Length(c);
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                return;
            }
        }
    }

    /** Past the number that starts here: every character a JSON number may have. */
    private ValidationError number() {
        int start = at;
        while (at < text.length() && isNumberPart(text.charAt(at))) {
            at++;
        }
        bytes += at - start;
        if (at - start > MAX_NUMBER_LENGTH) {
            return invalid("The body has a number of more than " + MAX_NUMBER_LENGTH + " characters.");
        }
        if (exponentDigits(start, at) > MAX_EXPONENT_DIGITS) {
            return invalid("The body has a number whose exponent has more than " + MAX_EXPONENT_DIGITS + " digits.");
        }
        return null;
    }

    private ValidationError structure(char c) {
        bytes += utf8Length(c);
        at++;
        if (c == '[' || c == '{') {
            if (++depth > MAX_DEPTH) {
                return invalid("The body nests arrays and objects more than " + MAX_DEPTH + " deep.");
            }
        } else if (c == ']' || c == '}') {
            depth = Math.max(0, depth - 1);
        }
        return null;
    }

    /** The digits of the exponent of the number in {@code [start, end)}, leading zeros aside; 0 without one. */
    private int exponentDigits(int start, int end) {
        int i = start;
        while (i < end && text.charAt(i) != 'e' && text.charAt(i) != 'E') {
            i++;
        }
        i++;
        if (i < end && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            i++;
        }
        while (i < end && text.charAt(i) == '0') {
            i++;
        }
        int digits = 0;
        while (i < end && isDigit(text.charAt(i))) {
            digits++;
            i++;
        }
        return digits;
    }

    private static boolean isNumberPart(char c) {
        return isDigit(c) || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Bytes of {@code c} in UTF-8; each half of a surrogate pair counts 2, the pair's 4 bytes together. */
    private static int utf8Length(char c) {
        if (c < 0x80) {
            return 1;
        }
        if (c < 0x800 || Character.isSurrogate(c)) {
            return 2;
        }
        return 3;
    }

    private static ValidationError tooLong() {
        return new ValidationError("too_long", "body", "The body must be at most " + MAX_BYTES + " bytes (64 KiB).");
    }

    private static ValidationError invalid(String message) {
        return new ValidationError("json_invalid", "body", message);
    }
}
