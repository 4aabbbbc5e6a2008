package dev.speechmeter.sample.it;

import dev.speechmeter.Metered;
import dev.speechmeter.UsageContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Added to the sample only in the test deployment: metered work in the transcription pool that
 * holds its slot until the test lets it go. A test fills a pool for exactly as long as it needs,
 * instead of for a length of audio it hopes a loaded machine takes long enough over.
 */
@Path("/test-support/held")
@RequestScoped
public class HeldWorkResource {

    /**
     * Its filter mapping for {@code POST} in the test deployment, so that a hold is metered as a
     * mapped endpoint is (an {@code Idempotency-Key} honoured); {@code @Metered} then finds it
     * admitted already. Its release ({@code DELETE}) is not metered.
     */
    static final String MAPPED = "/test-support/held/*";

    /** The longest a hold waits for its release; a test that forgets one fails instead of hanging. */
    private static final Duration LONGEST = Duration.ofMinutes(2);

    private static final ConcurrentMap<String, CountDownLatch> RELEASES = new ConcurrentHashMap<>();

    @Inject
    UsageContext usage;

    /** {@code POST /test-support/held/{name}}: admitted like a transcription, answers once released. */
    @POST
    @Path("{name}")
    @Produces(MediaType.APPLICATION_JSON)
    @Metered(scope = "transcribe_async", pool = "transcribe")
    public Response hold(@PathParam("name") String name) throws InterruptedException {
        boolean released = releaseOf(name).await(LONGEST.toMillis(), TimeUnit.MILLISECONDS);
        RELEASES.remove(name);
        usage.model("held-sample").inputAudioDuration(Duration.ofSeconds(1));
        return Response.status(released ? Response.Status.OK : Response.Status.GATEWAY_TIMEOUT)
                .entity(Json.createObjectBuilder().add("name", name).add("released", released).build())
                .build();
    }

    /** {@code DELETE /test-support/held/{name}}: lets the hold of that name answer, now or when it comes. */
    @DELETE
    @Path("{name}")
    public Response release(@PathParam("name") String name) {
        releaseOf(name).countDown();
        return Response.noContent().build();
    }

    private static CountDownLatch releaseOf(String name) {
        return RELEASES.computeIfAbsent(name, key -> new CountDownLatch(1));
    }
}
