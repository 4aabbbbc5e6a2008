package dev.speechmeter.spi;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** What an API key may do. A new key may do everything unless it is made with fewer. */
public enum KeyPermission {

    /** Call the metered speech endpoints, and mint temporary keys for them. */
    SPEECH("speech"),
    /** Read usage and limits: usage logs, summaries, the request list and concurrency figures. */
    USAGE_READ("usage:read");

    /** Every permission: what a key gets when nothing else is said. */
    public static final Set<KeyPermission> ALL = Collections.unmodifiableSet(EnumSet.allOf(KeyPermission.class));

    private final String wireName;

    KeyPermission(String wireName) {
        this.wireName = wireName;
    }

    /** The name in JSON and in the database: {@code speech}, {@code usage:read}. */
    public String wireName() {
        return wireName;
    }

    public static Optional<KeyPermission> ofWireName(String name) {
        return Arrays.stream(values()).filter(permission -> permission.wireName.equals(name)).findFirst();
    }

    /** The permissions as stored: wire names, comma-separated, in a fixed order. */
    public static String format(Collection<KeyPermission> permissions) {
        return EnumSet.copyOf(permissions).stream().map(KeyPermission::wireName).collect(Collectors.joining(","));
    }

    /** The permissions of a stored text; names this version does not know are left out. */
    public static Set<KeyPermission> parse(String text) {
        EnumSet<KeyPermission> permissions = EnumSet.noneOf(KeyPermission.class);
        if (text != null) {
            for (String name : text.split(",")) {
                ofWireName(name.trim()).ifPresent(permissions::add);
            }
        }
        return Collections.unmodifiableSet(permissions);
    }
}
