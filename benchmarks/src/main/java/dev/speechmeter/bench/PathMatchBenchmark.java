package dev.speechmeter.bench;

import dev.speechmeter.servlet.PathMatching;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What matching every spelling of a path costs the filter per request: both spellings of the
 * request's path (as the container decoded it, as the client sent it) brought to their canonical
 * form and matched against the sample's mappings, next to the exact comparison the filter made
 * before, in the same run.
 *
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar PathMatchBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PathMatchBenchmark {

    private static final List<String> PATTERNS = List.of("/v1/transcriptions", "/tts");

    /** A metered path, an unmetered one, and a spelling with the escapes an attacker would use. */
    @Param({"/tts", "/samples/hello.wav", "/v1/%74ranscriptions;x=1/"})
    public String path;

    private PathMatching mappings;

    @Setup
    public void setUp() {
        mappings = PathMatching.of("""
                /v1/transcriptions  transcribe_async  pool=transcribe
                /tts                tts_rest          pool=tts
                """, List.of("transcribe", "tts"));
    }

    /** The baseline: the decoded path compared exactly with each pattern. */
    @Benchmark
    public boolean exactComparison() {
        for (String pattern : PATTERNS) {
            if (pattern.equals(path)) {
                return true;
            }
        }
        return false;
    }

    /** Both spellings canonical, then matched. */
    @Benchmark
    public Object everySpelling() {
        return mappings.match(path);
    }
}
