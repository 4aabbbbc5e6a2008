package dev.speechmeter.runtime;

import dev.speechmeter.ApiGroup;
import dev.speechmeter.MeteringConfig;
import dev.speechmeter.spi.Level;
import dev.speechmeter.spi.LimitStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * The one line a deployment logs when it starts: the endpoints it meters, the limits in force,
 * where limits are kept, the durability of usage and the style of errors. Made only of settings
 * that are no secret: no key, no signing secret, no password (a store describes itself without
 * one).
 */
final class StartupLine {

    private StartupLine() {
    }

    static String of(MeteringRuntime runtime, List<String> filterEndpoints, String errorStyle) {
        MeteringConfig config = runtime.engine().config();
        List<String> endpoints = new ArrayList<>(filterEndpoints);
        runtime.annotatedPaths().stream().map(StartupLine::readable).sorted()
                .forEach(path -> endpoints.add(path + " (@Metered)"));
        return "Speechmeter meters " + (endpoints.isEmpty() ? "no endpoint" : String.join(", ", endpoints))
                + " | default limits: " + limits(config, Level.ORGANIZATION) + "; " + limits(config, Level.PROJECT)
                + " (rows of an organization or a project override them)"
                + " | limits kept: " + store(runtime.engine().limitStore())
                + " | usage durability: " + lower(config.durability())
                + " | errors: " + errorStyle
                + " | Speechmeter's endpoints: " + groups(config);
    }

    /** An annotated path as a deployer writes it: {@code //v1/speak/} is {@code /v1/speak}. */
    private static String readable(String path) {
        String single = path.replaceAll("/{2,}", "/");
        return single.length() > 1 && single.endsWith("/") ? single.substring(0, single.length() - 1) : single;
    }

    /** What the store says of itself; a store that cannot say is named by its class, and still starts. */
    private static String store(LimitStore store) {
        try {
            return store.description();
        } catch (RuntimeException e) {
            return store.getClass().getName();
        }
    }

    private static String limits(MeteringConfig config, Level level) {
        StringJoiner limits = new StringJoiner(" ", lower(level) + " ", "");
        for (String name : config.limitNames()) {
            limits.add(name + "=" + (level == Level.ORGANIZATION ? config.organizationDefault(name)
                    : config.projectDefault(name)));
        }
        return limits.toString();
    }

    private static String groups(MeteringConfig config) {
        if (config.restGroups().isEmpty()) {
            return "none";
        }
        StringJoiner groups = new StringJoiner(", ");
        for (ApiGroup group : ApiGroup.values()) {
            if (config.restGroups().contains(group)) {
                groups.add(lower(group));
            }
        }
        return groups.toString();
    }

    static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
