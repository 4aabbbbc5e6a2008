package dev.speechmeter.servlet;

import java.util.List;

/**
 * The filter's path matching on its own: mappings as a deployer writes them, and a path matched in
 * every spelling, as the filter matches a request's. A test fixture, published in this module's
 * test jar for the benchmarks.
 *
 * <pre>{@code
 * PathMatching matching = PathMatching.of("/tts  tts_rest  pool=tts", List.of("tts"));
 * Object endpoint = matching.match("/%74ts;x=1/");   // the tts_rest endpoint
 * }</pre>
 */
public final class PathMatching {

    private final EndpointMappings mappings;

    private PathMatching(EndpointMappings mappings) {
        this.mappings = mappings;
    }

    /** @param mappings lines of the filter's {@code speechmeter.endpoints} parameter */
    public static PathMatching of(String mappings, List<String> pools) {
        return new PathMatching(EndpointMappings.parse(mappings, pools));
    }

    /** The endpoint a request for {@code path} is metered as, or null when it is not metered. */
    public Object match(String path) {
        return mappings.match(null, PathSpellings.of(path, path, ""));
    }
}
