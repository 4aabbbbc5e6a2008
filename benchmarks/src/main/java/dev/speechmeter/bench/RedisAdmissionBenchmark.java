package dev.speechmeter.bench;

import dev.speechmeter.MeteringConfig;
import dev.speechmeter.internal.engine.Admission;
import dev.speechmeter.internal.engine.LocalLimitStore;
import dev.speechmeter.internal.engine.MeteredEndpoint;
import dev.speechmeter.internal.engine.MeteringEngine;
import dev.speechmeter.redis.RedisLimitStore;
import dev.speechmeter.redis.RedisSettings;
import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.CapacityLedger;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.PriceTable;
import dev.speechmeter.spi.Usage;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.time.InstantSource;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Admission on the Redis store, next to bare Redis round trips on a connection of its own in the
 * same run: a {@code PING}, and an {@code EVALSHA} of a script that does nothing. A Redis server
 * is started on a free local port for the run.
 *
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar RedisAdmissionBenchmark -t 1              # latency
 * java -jar benchmarks/target/benchmarks.jar RedisAdmissionBenchmark -t 8 -bm thrpt   # throughput
 * </pre>
 *
 * Limits are set so high that every call is admitted: the benchmark measures the decision.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RedisAdmissionBenchmark {

    private static final int HUGE = 1_000_000_000;
    private static final MeteredEndpoint TRANSCRIBE = new MeteredEndpoint("transcribe_async", "transcribe", "sync");
    private static final MeteredEndpoint NO_POOL = new MeteredEndpoint("transcribe_async", null, "sync");

    private BenchRedis redis;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private RedisCommands<String, String> bare;
    private String emptyScript;
    private ScheduledExecutorService renewals;
    private RedisLimitStore store;
    private MeteringEngine engine;
    private Caller caller;
    private UUID requestId;

    @Setup
    public void setUp() throws IOException {
        redis = BenchRedis.start();
        String uri = redis.uri();
        client = RedisClient.create(uri);
        connection = client.connect();
        bare = connection.sync();
        emptyScript = bare.scriptLoad("return 0");

        renewals = Executors.newSingleThreadScheduledExecutor();
        store = RedisLimitStore.create(RedisSettings.of(uri), renewals, new LocalLimitStore(InstantSource.system(), 1_000));
        Limits limits = Limits.none()
                .with(Limits.REQUESTS_PER_MINUTE, Cap.atMost(HUGE))
                .with(Limits.concurrent("transcribe"), Cap.atMost(HUGE));
        caller = new Caller(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), limits, limits);
        engine = MeteringEngine.create(MeteringConfig.defaults(), hash -> Optional.of(caller), record -> { },
                CapacityLedger.NONE, PriceTable.FREE, store, InstantSource.system());
        requestId = engine.newRequestId();
    }

    @TearDown
    public void tearDown() throws IOException {
        if (store.fallbacks() > 0) {
            throw new IllegalStateException(store.fallbacks() + " decisions were taken without Redis");
        }
        store.close();
        renewals.shutdownNow();
        connection.close();
        client.shutdown();
        redis.close();
    }

    /** Baseline: one bare round trip. */
    @Benchmark
    public String ping() {
        return bare.ping();
    }

    /** Baseline: one script that does nothing, the floor of any scripted decision. */
    @Benchmark
    public Long emptyScript() {
        return bare.evalsha(emptyScript, ScriptOutputType.INTEGER, new String[0]);
    }

    /** Request rate at both levels: one script. */
    @Benchmark
    public boolean admitRequestRate() {
        Admission admission = engine.admit(requestId, null, caller, NO_POOL, "/v1/transcriptions");
        return admission.admitted();
    }

    /** Request rate and a pool slot at both levels in one script, the slot given back in a second. */
    @Benchmark
    public boolean admitAndReleaseSlot() {
        Admission admission = engine.admit(requestId, null, caller, TRANSCRIBE, "/v1/transcriptions");
        admission.settle(200, Usage.NONE, null);
        return admission.admitted();
    }
}
