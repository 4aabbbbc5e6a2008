package dev.speechmeter;

import dev.speechmeter.spi.ApiError;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A metered endpoint was reached by a request that no door of Speechmeter admitted: a spelling of
 * its path that no filter mapping names, a filter left out of the deployment, a
 * {@code @Metered} method called outside an HTTP request. Speechmeter refuses to serve it rather
 * than serve it for free; it is answered as a {@code 500 internal_error} in the configured error
 * shape, since the fault lies with the deployment, not with the caller.
 */
public final class UnmeteredRequestException extends RequestRefusedException {

    private static final long serialVersionUID = 1L;

    private static final System.Logger LOG = System.getLogger(UnmeteredRequestException.class.getName());
    /** Bounds the paths remembered as logged, so that an attacker's spellings cannot grow the heap. */
    private static final int MAX_LOGGED_PATHS = 1_000;
    private static final Set<String> LOGGED_PATHS = ConcurrentHashMap.newKeySet();

    private final String path;

    /**
     * The refusal of a request that reached a metered endpoint at {@code path} (null: outside an
     * HTTP request). Each path is logged once, at {@code WARNING}, so a deployer learns which
     * mapping is missing without a flood of log lines.
     */
    public static UnmeteredRequestException at(String path) {
        String where = path == null ? "(outside an HTTP request)" : path;
        if (LOGGED_PATHS.size() < MAX_LOGGED_PATHS && LOGGED_PATHS.add(where)) {
            LOG.log(System.Logger.Level.WARNING, "A metered endpoint was reached at {0} without passing the meter; "
                    + "the request was refused. Map this path in speechmeter.endpoints or annotate the endpoint "
                    + "with @Metered.", where);
        }
        return new UnmeteredRequestException(path);
    }

    private UnmeteredRequestException(String path) {
        super(new ApiError(500, "internal_error",
                "This endpoint is metered, but the request did not pass the meter, so it was not served. "
                        + "Quote the request id when reporting it.", List.of(), UUID.randomUUID().toString()), 0);
        this.path = path;
    }

    /** The path inside the application that was reached unmetered, or null outside an HTTP request. */
    public String path() {
        return path;
    }
}
