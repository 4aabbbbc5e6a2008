package dev.speechmeter.internal.http;

import dev.speechmeter.internal.engine.Quota;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The {@code RateLimit-Policy} and {@code RateLimit} fields of draft-ietf-httpapi-ratelimit-headers-11,
 * as Structured Field lists (RFC 9651):
 *
 * <pre>
 * RateLimit-Policy: "organization";q=100;w=60, "project";q=100;w=60, "project-transcribe";q=4;qu="concurrent-requests"
 * RateLimit: "organization";r=97;t=2, "project";r=41;t=36, "project-transcribe";r=3
 * </pre>
 *
 * Levels without a cap are left out. On a {@code 429} the {@code Retry-After} field wins over {@code t}.
 */
public final class RateLimitHeaders {

    public static final String POLICY = "RateLimit-Policy";
    public static final String STATE = "RateLimit";

    private RateLimitHeaders() {
    }

    public static void write(List<Quota> quotas, BiConsumer<String, String> setHeader) {
        if (quotas.isEmpty()) {
            return;
        }
        setHeader.accept(POLICY, policy(quotas));
        setHeader.accept(STATE, state(quotas));
    }

    static String policy(List<Quota> quotas) {
        StringBuilder field = new StringBuilder();
        for (Quota quota : quotas) {
            item(field, quota).append(";q=").append(quota.quota());
            if (quota.windowSeconds() != null) {
                field.append(";w=").append(quota.windowSeconds());
            }
            if (!Quota.REQUESTS.equals(quota.unit())) {
                field.append(";qu=").append(string(quota.unit()));
            }
        }
        return field.toString();
    }

    static String state(List<Quota> quotas) {
        StringBuilder field = new StringBuilder();
        for (Quota quota : quotas) {
            item(field, quota).append(";r=").append(quota.remaining());
            if (quota.resetSeconds() != null) {
                field.append(";t=").append(quota.resetSeconds());
            }
        }
        return field.toString();
    }

    private static StringBuilder item(StringBuilder field, Quota quota) {
        if (!field.isEmpty()) {
            field.append(", ");
        }
        return field.append(string(quota.policy()));
    }

    /** An sf-string: printable ASCII in quotes, with {@code "} and {@code \} escaped. */
    private static String string(String value) {
        StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("not printable ASCII: " + value);
            }
            if (c == '"' || c == '\\') {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.append('"').toString();
    }
}
