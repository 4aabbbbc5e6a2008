package dev.speechmeter.health;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What one health check found: its name, whether the part is up, and figures about it, in the
 * shape of a MicroProfile Health response but free of its API, so that a store works it out (and
 * tests read it) on a server without MicroProfile Health. A value is a {@code String}, a
 * {@code Long} or a {@code Boolean}, never a secret.
 *
 * <pre>{@code
 * HealthReport report = HealthReport.up("speechmeter-usage-backlog")
 *         .with("queued", 12).with("max-backlog", 5_000);
 * }</pre>
 *
 * @param name the check's name, {@code speechmeter-...}
 * @param up   whether the part is up
 * @param data the figures, in the order they were added
 */
public record HealthReport(String name, boolean up, Map<String, Object> data) {

    /** The longest error message a report carries. */
    static final int MAX_ERROR = 300;

    private static final Pattern JDBC_URL = Pattern.compile("jdbc:[^\\s\"']*");
    private static final Pattern USER_INFO = Pattern.compile("//[^/@\\s]*@");
    private static final Pattern SECRET_SETTING = Pattern.compile("(?i)(password|passwd|pwd|secret|key)(\\s*[=:]\\s*)[^\\s,;&\"']+");

    public HealthReport {
        Objects.requireNonNull(name, "name");
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    public static HealthReport up(String name) {
        return new HealthReport(name, true, Map.of());
    }

    public static HealthReport down(String name) {
        return new HealthReport(name, false, Map.of());
    }

    /** Up or down as {@code up} says. */
    public static HealthReport of(String name, boolean up) {
        return new HealthReport(name, up, Map.of());
    }

    public HealthReport with(String key, String value) {
        return withValue(key, Objects.requireNonNull(value, key));
    }

    public HealthReport with(String key, long value) {
        return withValue(key, value);
    }

    public HealthReport with(String key, boolean value) {
        return withValue(key, value);
    }

    /**
     * The failure as {@code error}: its type and message, without a JDBC URL (which may carry
     * credentials), the user part of a URI, or the value of anything named like a password or a
     * key, and cut to a few hundred characters.
     */
    public HealthReport withError(Throwable failure) {
        String message = failure.getMessage();
        String text = failure.getClass().getSimpleName() + (message == null ? "" : ": " + redacted(message));
        return with("error", text.length() > MAX_ERROR ? text.substring(0, MAX_ERROR) + "..." : text);
    }

    static String redacted(String message) {
        String text = JDBC_URL.matcher(message).replaceAll("jdbc:...");
        text = USER_INFO.matcher(text).replaceAll("//***@");
        return SECRET_SETTING.matcher(text).replaceAll("$1$2***");
    }

    private HealthReport withValue(String key, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(data);
        more.put(key, value);
        return new HealthReport(name, up, more);
    }
}
