package dev.speechmeter.bench;

import dev.speechmeter.runtime.MeteringRuntime;
import dev.speechmeter.MeteringConfig;
import dev.speechmeter.internal.engine.Admission;
import dev.speechmeter.internal.engine.MeteredEndpoint;
import dev.speechmeter.internal.engine.MeteringEngine;
import dev.speechmeter.internal.http.Passage;
import dev.speechmeter.internal.http.RequestGate;
import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.PriceTable;
import dev.speechmeter.spi.Usage;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The admission decision on the local store, admitted path, next to its baselines in the same run:
 * one bare Bucket4j bucket, and two bare buckets (the organization and project checks done with
 * nothing around them). Beside the engine's decision alone, the whole gate a metered request passes
 * before its endpoint runs, as the filter and the interceptor call it: request id, the key
 * authenticated from the key cache, the input checks, the admission and the quotas for the
 * {@code RateLimit} fields.
 *
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar '^dev.speechmeter.bench.AdmissionBenchmark\.' -t 1 -prof gc
 * java -jar benchmarks/target/benchmarks.jar '^dev.speechmeter.bench.AdmissionBenchmark\.' -t 2
 * </pre>
 *
 * The anchored pattern leaves out {@code RedisAdmissionBenchmark}, which a bare
 * {@code AdmissionBenchmark} also matches. {@code -prof gc} adds the bytes allocated per call
 * ({@code gc.alloc.rate.norm}).
 *
 * Limits are set so high that every call is admitted: the benchmark measures the decision, not refusals.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AdmissionBenchmark {

    private static final int HUGE = Integer.MAX_VALUE;
    private static final MeteredEndpoint TRANSCRIBE = new MeteredEndpoint("transcribe_async", "transcribe", "sync");
    private static final MeteredEndpoint NO_POOL = new MeteredEndpoint("transcribe_async", null, "sync");
    private static final String PATH = "/v1/transcriptions";
    /** The headers of a request: only its key, so the gate makes the correlation id from the request id. */
    private static final Map<String, String> HEADERS = Map.of("Authorization",
            "Bearer sm_bench_0123456789abcdefghijklmnopqrstuvwxyz");

    private MeteringEngine engine;
    private RequestGate gate;
    private Caller caller;
    private UUID requestId;
    private Bucket organizationBucket;
    private Bucket projectBucket;

    @Setup
    public void setUp() {
        Limits limits = Limits.none()
                .with(Limits.REQUESTS_PER_MINUTE, Cap.atMost(HUGE))
                .with(Limits.concurrent("transcribe"), Cap.atMost(HUGE));
        caller = new Caller(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), limits, limits);
        MeteringRuntime runtime = MeteringRuntime.builder(MeteringConfig.defaults()).keys(hash -> Optional.of(caller))
                .ledger(record -> { }).prices(PriceTable.FREE).clock(InstantSource.system()).build();
        engine = runtime.engine();
        gate = runtime.gate();
        requestId = engine.newRequestId();
        organizationBucket = newBareBucket();
        projectBucket = newBareBucket();
    }

    private static Bucket newBareBucket() {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(HUGE).refillGreedy(HUGE, Duration.ofMinutes(1)))
                .withMillisecondPrecision()
                .build();
    }

    /** Baseline: one bare bucket. */
    @Benchmark
    public boolean bareBucket() {
        return organizationBucket.tryConsume(1);
    }

    /** Baseline: the two levels as two bare buckets. */
    @Benchmark
    public boolean bareBucketsTwoLevels() {
        return organizationBucket.tryConsume(1) && projectBucket.tryConsume(1);
    }

    /** Request rate at both levels, no pool: the decision for an endpoint without a concurrency pool. */
    @Benchmark
    public boolean admitRequestRate() {
        Admission admission = engine.admit(requestId, null, caller, NO_POOL, PATH);
        return admission.admitted();
    }

    /** Request rate and a pool slot at both levels, then the slot given back, as a whole request does. */
    @Benchmark
    public boolean admitAndReleaseSlot() {
        Admission admission = engine.admit(requestId, null, caller, TRANSCRIBE, PATH);
        admission.settle(200, Usage.NONE, null);
        return admission.admitted();
    }

    /**
     * The gate of a request to an endpoint without a pool, as the filter passes it: a new request id,
     * the key from the key cache, the checks, the request rate at both levels and the quotas read
     * for the {@code RateLimit} fields. Nothing to give back: the request holds no slot.
     */
    @Benchmark
    public Passage gateRequestRate() {
        return gate.enter(HEADERS::get, -1, PATH, "192.0.2.1", NO_POOL);
    }

    /** The gate of a request to a pooled endpoint, then its settling with a 200, as the filter does both. */
    @Benchmark
    public Passage gateAndSettleSlot() {
        Passage passage = gate.enter(HEADERS::get, -1, PATH, "192.0.2.1", TRANSCRIBE);
        passage.settle(200, false);
        return passage;
    }
}
