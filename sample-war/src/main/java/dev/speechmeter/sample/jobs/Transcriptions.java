package dev.speechmeter.sample.jobs;

import dev.speechmeter.InvalidRequestException;
import dev.speechmeter.MeteredJob;
import dev.speechmeter.RecoveredJob;
import dev.speechmeter.sample.speech.ProcessingTime;
import dev.speechmeter.sample.speech.SampleRecognizer;
import dev.speechmeter.sample.speech.Transcript;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The asynchronous transcriptions of every project, in this server's memory: each is a
 * {@link MeteredJob} that holds a {@code transcribe} slot from {@code queued} to its end, and is
 * billed once, when it completes. A project sees only its own, at most {@value #MAX_PER_PROJECT}.
 */
@ApplicationScoped
public class Transcriptions {

    static final int MAX_PER_PROJECT = 1_000;

    private static final System.Logger LOG = System.getLogger(Transcriptions.class.getName());

    private final Map<UUID, NavigableMap<UUID, Transcription>> byProject = new ConcurrentHashMap<>();

    @Inject
    SampleRecognizer recognizer;

    @Inject
    ProcessingTime processingTime;

    private volatile ManagedScheduledExecutorService scheduler;

    /**
     * Starts a transcription of {@code file} as {@code job}: queued now, processed on the server's
     * threads once the job holds its {@code transcribe} slot (at once when the pool has room).
     */
    Transcription submit(MeteredJob job, String model, AudioFile file, String clientReferenceId) {
        NavigableMap<UUID, Transcription> transcriptions = transcriptions(job.project());
        Transcription transcription = new Transcription(job, Instant.now(), model, file, clientReferenceId);
        synchronized (transcriptions) {
            if (transcriptions.size() >= MAX_PER_PROJECT) {
                throw new InvalidRequestException("body", "transcription_limit_reached", "The project has "
                        + MAX_PER_PROJECT + " transcriptions; delete some before creating more.");
            }
            transcriptions.put(transcription.id(), transcription);
        }
        job.usage().model(model).inputAudioDuration(file.wav().duration()).channels(file.wav().channels());
        job.onStart(() -> scheduler().execute(() -> process(transcription)));
        return transcription;
    }

    private void process(Transcription transcription) {
        MeteredJob job = transcription.job();
        if (!job.isOpen()) {
            // Its submit failed, or it was cancelled, before it could start.
            transcription.failed("cancelled", "The transcription ended before it started.");
            return;
        }
        if (!transcription.start()) {
            return;
        }
        Transcript transcript = recognizer.transcribe(transcription.id(), transcription.file().wav().duration());
        job.usage().outputTextTokens(transcript.tokens().size());
        scheduler().schedule(() -> finish(transcription, transcript),
                processingTime.of(transcription.file().wav().duration()).toNanos(), TimeUnit.NANOSECONDS);
    }

    private void finish(Transcription transcription, Transcript transcript) {
        try {
            if (transcription.job().complete()) {
                transcription.completed(transcript);
            } else {
                transcription.failed("cancelled", "The transcription ended before it completed.");
            }
        } catch (RuntimeException notDurable) {
            // Its usage could not be confirmed: the transcript is not handed out as done.
            LOG.log(System.Logger.Level.ERROR, "Transcription " + transcription.id() + " could not be recorded",
                    notDurable);
            transcription.failed("internal_error", "The transcription could not be recorded; create it again.");
        }
    }

    Optional<Transcription> find(UUID project, UUID id) {
        return Optional.ofNullable(transcriptions(project).get(id));
    }

    /**
     * Deletes a transcription; one still queued or processing is cancelled first, and is not billed.
     *
     * @return false when the project has no such transcription
     */
    boolean delete(UUID project, UUID id) {
        Transcription transcription = transcriptions(project).remove(id);
        if (transcription == null) {
            return false;
        }
        if (transcription.job().cancel()) {
            transcription.failed("cancelled", "The transcription was deleted before it ended.");
        }
        return true;
    }

    Pages.Page<Transcription> page(UUID project, Integer limit, String cursor) {
        return Pages.of(transcriptions(project), limit, cursor, transcription -> true);
    }

    /**
     * A job of a server that stopped: the sample keeps its transcriptions in that server's
     * memory, so it cannot go on with one, and leaves it to fail, unbilled. An application that
     * keeps its jobs in a database would find the job here and resume it.
     */
    static void recover(@Observes RecoveredJob recovered) {
        LOG.log(System.Logger.Level.INFO, "Transcription " + recovered.job().id() + " was left by a server that "
                + "stopped; the sample cannot resume it, so it fails unbilled");
    }

    /** The server's default scheduler, looked up when first needed rather than injected when the bean is made. */
    private ManagedScheduledExecutorService scheduler() {
        ManagedScheduledExecutorService found = scheduler;
        if (found == null) {
            try {
                found = InitialContext.doLookup("java:comp/DefaultManagedScheduledExecutorService");
            } catch (NamingException e) {
                throw new IllegalStateException("The server has no default managed scheduled executor", e);
            }
            scheduler = found;
        }
        return found;
    }

    private NavigableMap<UUID, Transcription> transcriptions(UUID project) {
        return byProject.computeIfAbsent(project, key -> new ConcurrentSkipListMap<>());
    }
}
