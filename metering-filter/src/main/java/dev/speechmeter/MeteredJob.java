package dev.speechmeter;

import java.util.UUID;

/**
 * Work that outlives the request that submitted it, such as an asynchronous transcription: it
 * holds the concurrency slot its request was admitted with while it is queued and while it runs,
 * and writes the request's one usage entry when it ends. An endpoint turns its request into a job
 * with {@link UsageContext#detach()}, answers at once (typically {@code 201} or {@code 202}), and
 * ends the job later, from any thread:
 *
 * <pre>{@code
 * @Inject UsageContext usage;
 *
 * @POST
 * public Response submit(TranscriptionRequest body) {
 *     MeteredJob job = usage.detach();
 *     job.onStart(() -> workers.submit(() -> {
 *         try {
 *             Transcript transcript = recognizer.transcribe(body.audio());
 *             job.usage().model("stt-async").inputAudioDuration(body.duration());
 *             job.complete();
 *         } catch (RuntimeException e) {
 *             job.fail("recognizer failed: " + e.getMessage());
 *         }
 *     }));
 *     return Response.status(201).entity(status(job.id(), "queued")).build();
 * }
 * }</pre>
 *
 * <p>Its life:
 * <ul>
 *   <li>{@link #complete()}: billed; the entry carries status {@code 200} and what
 *       {@link #usage()} holds then;</li>
 *   <li>{@link #fail(String)}: not billed; recorded as a failed request with status {@code 500};</li>
 *   <li>{@link #cancel()}: not billed; recorded with status {@code 499}, cancelled by its client.</li>
 * </ul>
 * Each releases the slot, and only the first of them counts. When the submitting request itself
 * does not end with a 2xx (its endpoint threw, or answered an error), the job never starts: the
 * request is settled as that failure, and every later call on the job answers false.
 *
 * <p>A job is recorded where Speechmeter's store keeps it (the database with metering-jpa) from
 * {@code detach()} on, so that a server that stops does not hold it for ever: its jobs are handed,
 * after the store's lease, to a running server as {@link RecoveredJob}s, which the application
 * resumes or Speechmeter fails. A job is billed at most once.
 */
public interface MeteredJob {

    /** The status a cancelled job is recorded with: closed by its client, as nginx names it. */
    int CANCELLED_STATUS = 499;

    /** The id of the request that submitted the job: its usage entry's {@code uuid}. */
    UUID id();

    /** The project the job belongs to. */
    UUID project();

    /**
     * Where the job tells what it did, as its request would; it stays usable after the request
     * ended, from any thread.
     */
    UsageContext usage();

    /** Whether the job has not ended (and its request did not fail). */
    boolean isOpen();

    /**
     * Whether the job waits for a slot of its pool: submitted to an endpoint mapped
     * {@code queue=jobs} while the pool was full, and not started yet. It holds no slot and does
     * not count in the concurrency figures until it starts.
     */
    boolean isQueued();

    /**
     * Runs {@code work} when the job holds its slot: at once, on this thread, if it holds one
     * already; else on the thread that frees a slot for it. Hand the work to an executor rather
     * than do it there. A job that ends before it starts never runs it.
     */
    void onStart(Runnable work);

    /**
     * Ends the job as done: its slot is released and its usage entry written, billed. Under
     * {@code sync} durability this returns once the entry is durable.
     *
     * @return true if this call ended the job; false if it had ended before (or never started)
     * @throws IllegalStateException when the entry could not be made durable; the job is ended all the same
     */
    boolean complete();

    /**
     * Ends the job as failed: its slot is released and it is recorded as a failed request, not
     * billed.
     *
     * @param reason why, for the server's log (never shown to the client)
     * @return true if this call ended the job
     */
    boolean fail(String reason);

    /**
     * Ends the job as cancelled by its client (for example when it deletes the job): its slot is
     * released and it is recorded with status {@code 499}, not billed.
     *
     * @return true if this call ended the job
     */
    boolean cancel();
}
