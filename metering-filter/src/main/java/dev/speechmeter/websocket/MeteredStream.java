package dev.speechmeter.websocket;

import static dev.speechmeter.internal.http.Causes.causeOf;

import dev.speechmeter.InvalidRequestException;
import dev.speechmeter.UsageContext;
import dev.speechmeter.internal.engine.UsageRecorder;
import dev.speechmeter.internal.engine.MeteredEndpoint;
import dev.speechmeter.internal.engine.MeteringEngine;
import dev.speechmeter.internal.engine.StreamTimeouts;
import dev.speechmeter.internal.http.ApiErrors;
import dev.speechmeter.internal.http.Passage;
import dev.speechmeter.internal.http.RequestGate;
import dev.speechmeter.internal.http.SocketErrorRenderer;
import dev.speechmeter.spi.ApiError;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

/**
 * One metered WebSocket stream, from its opening to its one usage entry. The
 * endpoint hands it every event of its session; it authenticates and admits the stream on the
 * configuration message, counts the audio, holds one slot of the pool for the stream's whole
 * life, closes the stream when a timeout passes, and settles it exactly once, whichever ending
 * comes first.
 *
 * <pre>{@code
 * @ServerEndpoint("/transcribe-websocket")
 * public class TranscriptionSocket {
 *
 *     @Inject
 *     StreamMetering metering;
 *     private MeteredStream stream;
 *
 *     @OnOpen
 *     public void open(Session session) {
 *         stream = metering.open(session, "transcribe_websocket", "transcribe");
 *     }
 *
 *     @OnMessage
 *     public void text(String message) {
 *         if (!stream.configured()) {
 *             StreamConfiguration configuration = stream.configure(message);   // null: refused and closed
 *             ...
 *         } else if (stream.heard()) {
 *             ...                                   // keepalive, finalize, end of audio
 *         }
 *     }
 *
 *     @OnMessage
 *     public void audio(ByteBuffer frame) {
 *         if (stream.audio(frame)) {
 *             ...
 *         }
 *     }
 *
 *     @OnClose
 *     public void close(CloseReason reason) {
 *         stream.closed(reason);
 *     }
 *
 *     @OnError
 *     public void error(Throwable error) {
 *         stream.failed(error);
 *     }
 * }
 * }</pre>
 *
 * <p>How each ending is recorded: {@link #finish()}, {@link #closed} by the client (cleanly or
 * not), the idle timeout and the end of a temporary key's session bill the audio received;
 * an {@link InvalidRequestException} from the endpoint is a {@code 400}, any other error a
 * {@code 500}, both recorded and not billed. A stream that never got configured holds nothing and
 * records nothing.
 *
 * <p>The error message and the close are sent while holding the session's monitor; an endpoint
 * that writes to the session from more than one thread synchronizes on it too.
 */
public final class MeteredStream {

    private static final System.Logger LOG = System.getLogger(MeteredStream.class.getName());
    private static final SocketErrorRenderer ERRORS = new SocketErrorRenderer();
    /** A check that finds nothing due waits at least this long before it looks again. */
    private static final Duration MIN_CHECK_DELAY = Duration.ofMillis(1);

    private enum State { AWAITING_CONFIGURATION, OPEN, ENDED }

    private final Session session;
    private final RequestGate gate;
    private final MeteredEndpoint endpoint;
    private final StreamScheduler scheduler;
    private final String path;
    private final UUID requestId;
    private final StreamTimeouts timeouts;

    private State state = State.AWAITING_CONFIGURATION;
    private Passage passage;
    private AudioFormat format;
    private long audioBytes;
    private Future<?> pendingCheck;

    MeteredStream(Session session, MeteringEngine engine, RequestGate gate, MeteredEndpoint endpoint,
                  StreamScheduler scheduler) {
        this.session = session;
        this.gate = gate;
        this.endpoint = endpoint;
        this.scheduler = scheduler;
        this.path = session.getRequestURI() == null ? "/" : session.getRequestURI().getPath();
        this.requestId = engine.newRequestId();
        this.timeouts = new StreamTimeouts(engine.clock(), engine.config().streamConfigurationTimeout(),
                engine.config().streamIdleTimeout());
    }

    /** Starts the clock of the configuration timeout. */
    synchronized void start() {
        scheduleCheck();
    }

    /** The stream's id: its usage entry's {@code uuid} and the {@code request_id} of its errors. */
    public UUID requestId() {
        return requestId;
    }

    /**
     * Where the endpoint reports what it did: output tokens, and the input audio duration of
     * formats Speechmeter cannot measure (a duration reported here wins over the measured one).
     * Before a configuration message admitted the stream, every report refuses: a stream serves
     * nothing before it is admitted.
     */
    public synchronized UsageContext usage() {
        return passage == null ? UsageContext.unmetered(path) : passage.usage();
    }

    /** True once a configuration message admitted the stream, also after it ended. */
    public synchronized boolean configured() {
        return passage != null;
    }

    /**
     * Reads the first text message as the stream's configuration: authenticates its key, checks
     * its fields, and admits the stream, which holds a slot of its pool from now on.
     *
     * @return the configuration; null when the stream was refused (the error was sent and the
     *         socket closed) or has ended already
     */
    public StreamConfiguration configure(String message) {
        ApiError refusal;
        synchronized (this) {
            if (state != State.AWAITING_CONFIGURATION) {
                return null;
            }
            StreamConfiguration configuration = StreamConfiguration.parse(message);
            if (!configuration.isJson()) {
                refusal = configuration.invalidInput(requestId);
            } else if (configuration.apiKey() == null) {
                refusal = ApiErrors.unauthenticated(
                        "Missing API key. Send it as api_key in the configuration message.", requestId);
            } else {
                Passage entered = gate.enterStream(requestId, configuration.apiKey(),
                        configuration.clientReferenceId(), configuration.invalidInput(requestId), path, endpoint);
                if (entered.admitted()) {
                    open(entered, configuration);
                    return configuration;
                }
                refusal = entered.refusal();
            }
        }
        end(0, refusal);
        return null;
    }

    private void open(Passage admitted, StreamConfiguration configuration) {
        passage = admitted;
        format = configuration.rawFormat();
        state = State.OPEN;
        admitted.usage().model(configuration.model());
        timeouts.configured(admitted.sessionDeadline());
        scheduleCheck();
    }

    /**
     * A text message after the configuration (a keepalive, a control message, the end of audio):
     * the stream is not idle.
     *
     * @return true while the stream is open; false once it has ended
     */
    public synchronized boolean heard() {
        if (state != State.OPEN) {
            return false;
        }
        timeouts.heard();
        return true;
    }

    /**
     * An audio frame: counted, and the stream is not idle. Audio before the configuration is a
     * {@code 400}: the error is sent and the socket closed.
     *
     * @return true when the endpoint should process the frame; false when the stream is not open
     */
    public boolean audio(ByteBuffer frame) {
        return audio(frame.remaining());
    }

    /** {@link #audio(ByteBuffer)} for a frame of {@code bytes} bytes. */
    public boolean audio(long bytes) {
        synchronized (this) {
            if (state == State.OPEN) {
                audioBytes += bytes;
                timeouts.heard();
                return true;
            }
            if (state == State.ENDED) {
                return false;
            }
        }
        end(0, ApiErrors.invalidRequest("body", "missing",
                "Send the configuration message before any audio.", requestId));
        return false;
    }

    /**
     * The endpoint has answered the client's end of audio: the stream is settled (billed) and the
     * socket closed normally. Call it after the last message to the client.
     */
    public void finish() {
        end(200, null);
    }

    /** From {@code @OnClose}: the client closed the stream, or its connection went away. Billed. */
    public void closed(CloseReason reason) {
        end(200, null);
    }

    /**
     * From {@code @OnError}. An {@link InvalidRequestException} is answered {@code 400} with its
     * field; a broken connection ends the stream as a close does; anything else is a {@code 500}.
     */
    public void failed(Throwable error) {
        InvalidRequestException invalid = causeOf(error, InvalidRequestException.class);
        if (invalid != null) {
            end(400, ApiErrors.invalidRequest(invalid.location(), invalid.errorType(), invalid.getMessage(), requestId));
        } else if (causeOf(error, IOException.class) != null) {
            end(200, null);
        } else {
            LOG.log(System.Logger.Level.WARNING, "Stream " + requestId + " failed", error);
            end(500, ApiErrors.internalError(requestId));
        }
    }

    /** Run by the scheduler: closes the stream when a timeout has passed, else looks again later. */
    void check() {
        StreamTimeouts.Timeout timeout;
        synchronized (this) {
            if (state == State.ENDED) {
                return;
            }
            timeout = timeouts.expired();
            if (timeout == null) {
                scheduleCheck();
                return;
            }
        }
        try {
            end(200, ApiErrors.requestTimeout(timeout.message(), requestId));
        } catch (RuntimeException e) {
            // On the scheduler's thread nobody else would see it: the slot is released, the entry may be lost.
            LOG.log(System.Logger.Level.ERROR, "Stream " + requestId + " could not be settled after its timeout", e);
        }
    }

    /** Must hold the monitor. */
    private void scheduleCheck() {
        if (pendingCheck != null) {
            pendingCheck.cancel(false);
        }
        Duration delay = timeouts.untilNextCheck();
        try {
            pendingCheck = scheduler.schedule(this::check, delay.compareTo(MIN_CHECK_DELAY) < 0 ? MIN_CHECK_DELAY : delay);
        } catch (RejectedExecutionException e) {
            // The application is stopping: its sessions are closed with it.
            pendingCheck = null;
        }
    }

    /**
     * Ends the stream once: settles what it holds with {@code status}, then sends {@code error}
     * (if any) and closes the socket. Later calls do nothing.
     */
    private void end(int status, ApiError error) {
        Passage held;
        long bytes;
        synchronized (this) {
            if (state == State.ENDED) {
                return;
            }
            held = state == State.OPEN ? passage : null;
            state = State.ENDED;
            bytes = audioBytes;
            if (pendingCheck != null) {
                pendingCheck.cancel(false);
                pendingCheck = null;
            }
        }
        try {
            if (held != null) {
                settle(held, status, bytes);
            }
        } finally {
            close(error);
        }
    }

    private void settle(Passage held, int status, long bytes) {
        UsageRecorder usage = held.usage();
        if (format != null && usage.snapshot().inputAudioDurationMs() == 0) {
            usage.inputAudioDuration(format.durationOf(bytes));
        }
        held.settle(status, false);
    }

    private void close(ApiError error) {
        if (!session.isOpen()) {
            return;
        }
        try {
            synchronized (session) {
                if (error != null) {
                    session.getBasicRemote().sendText(ERRORS.render(error));
                    session.close(CloseReasons.after(error));
                } else {
                    session.close();
                }
            }
        } catch (IOException | IllegalStateException e) {
            // The client is gone already; the stream is settled all the same.
            LOG.log(System.Logger.Level.DEBUG, "Could not close stream " + requestId + ": " + e);
        }
    }
}
