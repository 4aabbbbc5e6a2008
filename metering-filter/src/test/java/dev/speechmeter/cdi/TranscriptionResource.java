package dev.speechmeter.cdi;

import dev.speechmeter.Metered;
import dev.speechmeter.UsageContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.core.Response;
import java.time.Duration;

/** An endpoint bean metered by annotation only, whose methods answer the way resources of Jakarta REST do. */
@ApplicationScoped
public class TranscriptionResource {

    @Inject
    UsageContext usage;

    private volatile AsyncResponse suspended;

    /** Starts a transcription and answers later, through {@code async}. */
    @Metered(scope = "transcribe_async", pool = "transcribe")
    public void transcribeLater(AsyncResponse async) {
        usage.model("stt-async").inputAudioDuration(Duration.ofSeconds(10));
        suspended = async;
    }

    /** The response {@link #transcribeLater} suspended, as the method itself passed it on. */
    public AsyncResponse suspended() {
        return suspended;
    }

    @Metered(scope = "transcribe_async", pool = "transcribe")
    public String notFound() {
        usage.model("stt-async").inputAudioDuration(Duration.ofSeconds(10));
        throw new WebApplicationException(new StatusResponse(404));
    }

    @Metered(scope = "transcribe_async", pool = "transcribe")
    public String nothing() {
        usage.model("stt-async").inputAudioDuration(Duration.ofSeconds(10));
        return null;
    }

    @Metered(scope = "transcribe_async", pool = "transcribe")
    public Response unavailable() {
        usage.model("stt-async").inputAudioDuration(Duration.ofSeconds(10));
        return new StatusResponse(503);
    }
}
