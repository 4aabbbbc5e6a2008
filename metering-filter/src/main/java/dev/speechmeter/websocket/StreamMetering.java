package dev.speechmeter.websocket;

import dev.speechmeter.runtime.MeteringRuntime;
import dev.speechmeter.internal.engine.MeteredEndpoint;
import dev.speechmeter.internal.engine.MeteringEngine;
import dev.speechmeter.spi.LabelSet;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.Session;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * Meters the WebSocket streams of a deployment: a {@code @ServerEndpoint} injects it and opens a
 * {@link MeteredStream} per session (see there for the whole endpoint). Timeouts are checked on
 * the container's {@code ManagedScheduledExecutorService}.
 *
 * <pre>{@code
 * @Inject
 * StreamMetering metering;
 *
 * @OnOpen
 * public void open(Session session) {
 *     stream = metering.open(session, "transcribe_websocket", "transcribe");
 * }
 * }</pre>
 */
@ApplicationScoped
public class StreamMetering {

    private static final System.Logger LOG = System.getLogger(StreamMetering.class.getName());

    @Inject
    MeteringRuntime runtime;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService managedScheduler;

    private StreamScheduler scheduler;
    private ScheduledExecutorService ownScheduler;

    /** For the container, which injects the runtime and the scheduler. */
    protected StreamMetering() {
    }

    /** For applications without CDI, or tests: streams metered through {@code runtime}, checked on {@code scheduler}. */
    public StreamMetering(MeteringRuntime runtime, StreamScheduler scheduler) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    @PostConstruct
    void start() {
        if (managedScheduler != null) {
            scheduler = StreamScheduler.of(managedScheduler);
            return;
        }
        // Outside a Jakarta EE server (no managed executor to look up): one daemon thread of our own.
        LOG.log(System.Logger.Level.INFO, "No ManagedScheduledExecutorService: stream timeouts are checked on a thread of Speechmeter's own");
        ScheduledThreadPoolExecutor own = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = Executors.defaultThreadFactory().newThread(runnable);
            thread.setName("speechmeter-stream-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        own.setRemoveOnCancelPolicy(true);
        ownScheduler = own;
        scheduler = StreamScheduler.of(own);
    }

    @PreDestroy
    void stop() {
        if (ownScheduler != null) {
            ownScheduler.shutdownNow();
        }
    }

    /**
     * Starts metering a session that has just opened. It must send its configuration message
     * within {@code speechmeter.streams.configuration-timeout-seconds}.
     *
     * @param requestScope the request scope of its usage entry, e.g. {@code transcribe_websocket};
     *                     a temporary key must have been minted for it
     * @param pool         the concurrency pool it holds a slot of while it lives, e.g.
     *                     {@code transcribe}; null for none
     * @throws IllegalArgumentException when {@code pool} is not one of {@code speechmeter.pools}
     */
    public MeteredStream open(Session session, String requestScope, String pool) {
        return open(session, requestScope, pool, null);
    }

    /**
     * Like {@link #open(Session, String, String)}, for a stream that is also subject to the
     * capacities of {@code labels}: refused at its configuration while one of them has nothing
     * left, and the audio it received debited from them when it ends (docs/capacities.md).
     *
     * @param labels technology, vendor and operation, all three: every capacity set on them or on
     *               one or two of them applies
     * @throws IllegalArgumentException when {@code labels} does not name all three
     */
    public MeteredStream open(Session session, String requestScope, String pool, LabelSet labels) {
        MeteringEngine engine = runtime.engine();
        if (pool != null && !engine.config().pools().contains(pool)) {
            throw new IllegalArgumentException("Unknown pool '" + pool + "': expected one of speechmeter.pools "
                    + engine.config().pools());
        }
        MeteredStream stream = new MeteredStream(Objects.requireNonNull(session, "session"), engine, runtime.gate(),
                new MeteredEndpoint(requestScope, pool, "streaming", labels), scheduler);
        stream.start();
        return stream;
    }
}
