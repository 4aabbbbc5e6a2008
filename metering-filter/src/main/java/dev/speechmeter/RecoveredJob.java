package dev.speechmeter;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link MeteredJob} whose server stopped before it ended, handed to this server. With CDI it is
 * fired as an event; without, the runtime's builder takes a handler. Its slot is held again (counted
 * even above the limit, since the job was admitted before). The application may resume the job:
 *
 * <pre>{@code
 * void recover(@Observes RecoveredJob recovered) {
 *     Transcription transcription = transcriptions.find(recovered.job().id());
 *     if (transcription != null && transcription.canRestart()) {
 *         recovered.resume();
 *         queue.submit(() -> run(transcription, recovered.job()));
 *     }
 * }
 * }</pre>
 *
 * A recovered job that no observer resumed is failed as soon as the observers return: recorded as a
 * failed request, not billed, its slot released.
 */
public final class RecoveredJob {

    private final MeteredJob job;
    private final AtomicBoolean resumed = new AtomicBoolean();

    public RecoveredJob(MeteredJob job) {
        this.job = job;
    }

    public MeteredJob job() {
        return job;
    }

    /** The application goes on with the job, and will end it. */
    public void resume() {
        resumed.set(true);
    }

    public boolean resumed() {
        return resumed.get();
    }
}
