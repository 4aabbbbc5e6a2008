package dev.speechmeter.servlet;

import dev.speechmeter.internal.http.OwnPaths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The paths whose errors the filter answers in the error shape even though it does not meter
 * them: Speechmeter's own endpoints (the REST resources of {@code dev.speechmeter.rest}, under an
 * application path of {@code /}, with and without {@code speechmeter.rest.prefix}) and the
 * resources metered by {@code @Metered}. There a framework may answer before any resource runs
 * (a method or media type not served), in its own words.
 */
final class SpeechmeterPaths {

    private final List<String> paths = new ArrayList<>();
    private final List<String> deepgram = new ArrayList<>();

    /**
     * @param annotated  the paths of resources metered by annotation
     * @param restPrefix {@code speechmeter.rest.prefix}, empty for none
     */
    SpeechmeterPaths(Collection<String> annotated, String restPrefix) {
        for (String prefix : restPrefix.isEmpty() ? List.of("") : List.of("", restPrefix)) {
            OwnPaths.ALL.forEach(path -> paths.add(PathSpellings.canonical(prefix + path)));
            deepgram.add(PathSpellings.canonical(prefix + OwnPaths.DEEPGRAM));
        }
        for (String path : annotated) {
            String canonical = PathSpellings.canonical(path);
            if (!canonical.equals("/")) {
                // A resource at the application's root would put every path of the application here.
                paths.add(canonical);
            }
        }
    }

    /** True when a canonical path is one of the Deepgram-style project endpoints. */
    boolean isDeepgram(String canonicalPath) {
        return deepgram.stream().anyMatch(path -> canonicalPath.equals(path) || canonicalPath.startsWith(path + "/"));
    }

    /** The path a canonical spelling falls under, or null. */
    String of(Set<String> canonicalSpellings) {
        for (String spelling : canonicalSpellings) {
            for (String path : paths) {
                if (spelling.equals(path) || spelling.startsWith(path + "/")) {
                    return path;
                }
            }
        }
        return null;
    }
}
