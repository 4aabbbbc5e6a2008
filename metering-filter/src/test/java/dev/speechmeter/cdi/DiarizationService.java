package dev.speechmeter.cdi;

import dev.speechmeter.InvalidRequestException;
import dev.speechmeter.Metered;
import dev.speechmeter.UsageContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** An endpoint bean metered by annotation only. */
@ApplicationScoped
public class DiarizationService {

    @Inject
    UsageContext usage;

    @Inject
    NestedService nested;

    private final AtomicInteger calls = new AtomicInteger();

    @Metered(scope = "diarize_async", pool = "transcribe")
    public String diarize(int seconds) {
        calls.incrementAndGet();
        usage.model("diarizer-1").inputAudioDuration(Duration.ofSeconds(seconds)).clientReferenceId("job-" + seconds);
        return "speaker A";
    }

    /** How often {@link #diarize} ran. */
    public int calls() {
        return calls.get();
    }

    @Metered(scope = "diarize_async", pool = "transcribe",
             technology = "speaker_diarization", vendor = "acme", operation = "diarize")
    public String diarizeWithinCapacity(int seconds) {
        usage.model("diarizer-1").inputAudioDuration(Duration.ofSeconds(seconds));
        return "speaker B";
    }

    @Metered(scope = "diarize_async", pool = "transcribe")
    public String crash() {
        throw new IllegalStateException("model crashed");
    }

    @Metered(scope = "diarize_async", pool = "transcribe")
    public String reject() {
        throw new InvalidRequestException("body", "invalid_wav", "not a WAV file");
    }

    @Metered(scope = "diarize_async")
    public String outer() {
        return nested.inner();
    }

    @ApplicationScoped
    public static class NestedService {

        @Metered(scope = "inner_scope", pool = "transcribe")
        public String inner() {
            return "inner";
        }
    }
}
