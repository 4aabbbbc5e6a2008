package dev.speechmeter.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * A few seconds of {@link AdmissionBenchmark} in every build, to keep a gross regression out: an
 * admission ten times slower than today, measured as a ratio to the two-level bare Bucket4j
 * baseline of the same run, fails it. The real figures and budgets come from the full benchmark
 * (docs/performance.md); this run is too short and too noisy for anything finer.
 */
class AdmissionSmokeTest {

    /** Today's ratios to the baseline, from the full benchmark: 270 and 761 ns against 120 ns. */
    private static final double REQUEST_RATE_NOW = 2.3;
    private static final double SLOT_NOW = 6.3;

    /** How many times slower than today an admission may get before the build fails. */
    private static final double GROSS = 10.0;

    @Test
    void admissionIsNotTenTimesSlowerThanToday() throws RunnerException {
        Options options = new OptionsBuilder()
                .include(AdmissionBenchmark.class.getName() + ".(bareBucketsTwoLevels|admitRequestRate|admitAndReleaseSlot)$")
                .mode(Mode.AverageTime)
                .timeUnit(TimeUnit.NANOSECONDS)
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(3)
                .measurementTime(TimeValue.milliseconds(500))
                .verbosity(VerboseMode.SILENT)
                .threads(1)
                .forks(1)
                .shouldFailOnError(true)
                .build();

        Collection<RunResult> results = new Runner(options).run();

        Map<String, Double> nanos = results.stream().collect(Collectors.toMap(
                result -> result.getParams().getBenchmark().replaceAll(".*\\.", ""),
                result -> result.getPrimaryResult().getScore()));
        assertThat(nanos).containsOnlyKeys("bareBucketsTwoLevels", "admitRequestRate", "admitAndReleaseSlot");
        double baseline = nanos.get("bareBucketsTwoLevels");
        System.out.printf("AdmissionSmokeTest: ns per call %s; ratios to the bare buckets %.1f and %.1f (limits %.0f and %.0f)%n",
                nanos, nanos.get("admitRequestRate") / baseline, nanos.get("admitAndReleaseSlot") / baseline,
                GROSS * REQUEST_RATE_NOW, GROSS * SLOT_NOW);
        assertThat(nanos.get("admitRequestRate")).as("admitRequestRate, ns, against %.0f ns of bare buckets: %s",
                baseline, nanos).isLessThan(GROSS * REQUEST_RATE_NOW * baseline);
        assertThat(nanos.get("admitAndReleaseSlot")).as("admitAndReleaseSlot, ns, against %.0f ns of bare buckets: %s",
                baseline, nanos).isLessThan(GROSS * SLOT_NOW * baseline);
    }
}
