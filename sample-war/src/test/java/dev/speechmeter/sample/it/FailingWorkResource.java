package dev.speechmeter.sample.it;

import dev.speechmeter.Metered;
import dev.speechmeter.UsageContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;

/**
 * Added to the sample only in the test deployment: metered endpoints that fail after doing their
 * work, one metered by the filter's mapping ({@value #MAPPED}, named in the test deployment's
 * web.xml) and one by {@code @Metered} alone. Their exception carries what an answer must never
 * show: SQL and a key.
 */
@Path("/test-support/failing")
@RequestScoped
public class FailingWorkResource {

    /** The path the test deployment maps in {@code speechmeter.endpoints}. */
    static final String MAPPED = "/test-support/failing/mapped";
    /** What the failure says, for the server's log only. */
    static final String SECRET = "SELECT secret FROM sm_api_key WHERE key = 'sk_live_leaked'";

    @Inject
    UsageContext usage;

    /** {@code POST /test-support/failing/mapped}: metered by the filter, then throws. */
    @POST
    @Path("mapped")
    @Produces(MediaType.APPLICATION_JSON)
    public String mapped() {
        return fail();
    }

    /** {@code POST /test-support/failing/annotated}: metered by {@code @Metered} only, then throws. */
    @POST
    @Path("annotated")
    @Produces(MediaType.APPLICATION_JSON)
    @Metered(scope = "transcribe_async", pool = "transcribe")
    public String annotated() {
        return fail();
    }

    private String fail() {
        usage.model("failing-sample").inputAudioDuration(Duration.ofSeconds(1));
        throw new IllegalStateException("The speech engine failed: " + SECRET);
    }
}
