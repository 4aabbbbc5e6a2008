package dev.speechmeter.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Closed-loop HTTP load against two URLs of the same endpoint, one metered and one not, in
 * alternating rounds of the same length, so both see the same machine state. Prints the
 * throughput of each (answers with a 2xx status; any other is counted and printed apart) and
 * their ratio, after three warm-up rounds of each. Bounded: it stops after its rounds.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.speechmeter.bench.LoadGenerator \
 *      http://localhost:8080/tts http://localhost:8080/plain/tts "$KEY" 8 10 5
 * java -cp benchmarks/target/benchmarks.jar dev.speechmeter.bench.LoadGenerator \
 *      http://localhost:8080/v1/transcriptions http://localhost:8080/plain/v1/transcriptions "$KEY" 8 10 5 \
 *      hello.wav audio/wav
 * </pre>
 * Arguments: metered URL, unmetered URL, API key, client threads, seconds a round, rounds of each,
 * and optionally the file to post and its content type (default {@code {"text": "hi"}} as JSON).
 */
public final class LoadGenerator {

    private static final byte[] DEFAULT_BODY = "{\"text\": \"hi\"}".getBytes(StandardCharsets.UTF_8);
    private static final String DEFAULT_CONTENT_TYPE = "application/json";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String key;
    private final int threads;
    private final byte[] body;
    private final String contentType;

    private LoadGenerator(String key, int threads, byte[] body, String contentType) {
        this.key = key;
        this.threads = threads;
        this.body = body;
        this.contentType = contentType;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6 && args.length != 8) {
            throw new IllegalArgumentException("usage: LoadGenerator <metered-url> <unmetered-url> <key> <threads> "
                    + "<seconds-per-round> <rounds> [<body-file> <content-type>]");
        }
        URI metered = URI.create(args[0]);
        URI plain = URI.create(args[1]);
        byte[] body = args.length == 8 ? Files.readAllBytes(Path.of(args[6])) : DEFAULT_BODY;
        String contentType = args.length == 8 ? args[7] : DEFAULT_CONTENT_TYPE;
        LoadGenerator load = new LoadGenerator(args[2], Integer.parseInt(args[3]), body, contentType);
        Duration round = Duration.ofSeconds(Long.parseLong(args[4]));
        int rounds = Integer.parseInt(args[5]);

        // Warm-up rounds of each, not counted: the server's JIT takes a minute or more under load.
        int warmUp = Integer.getInteger("speechmeter.bench.warm-up-rounds", 3);
        for (int i = 0; i < warmUp; i++) {
            load.run(metered, round);
            load.run(plain, round);
        }
        List<Double> meteredRates = new ArrayList<>();
        List<Double> plainRates = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            // ABBA order, so neither side always runs on the warmer machine.
            if (i % 2 == 0) {
                meteredRates.add(load.run(metered, round).perSecond());
                plainRates.add(load.run(plain, round).perSecond());
            } else {
                plainRates.add(load.run(plain, round).perSecond());
                meteredRates.add(load.run(metered, round).perSecond());
            }
        }
        double meteredMedian = median(meteredRates);
        double plainMedian = median(plainRates);
        System.out.printf(Locale.ROOT, "metered   %s requests/s (rounds %s)%n", format(meteredMedian), meteredRates);
        System.out.printf(Locale.ROOT, "unmetered %s requests/s (rounds %s)%n", format(plainMedian), plainRates);
        System.out.printf(Locale.ROOT, "ratio metered/unmetered %.3f%n", meteredMedian / plainMedian);
    }

    private Result run(URI uri, Duration length) throws InterruptedException {
        LongAdder ok = new LongAdder();
        AtomicLong failed = new AtomicLong();
        long deadline = System.nanoTime() + length.toNanos();
        CountDownLatch done = new CountDownLatch(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", contentType)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                try {
                    while (System.nanoTime() < deadline) {
                        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        if (response.statusCode() / 100 == 2) {
                            ok.increment();
                        } else {
                            failed.incrementAndGet();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (java.io.IOException e) {
                    failed.incrementAndGet();
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        if (failed.get() > 0) {
            System.out.printf(Locale.ROOT, "%s: %d responses were not 2xx (or failed)%n", uri, failed.get());
        }
        return new Result(ok.sum(), seconds);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.0f", value);
    }

    private record Result(long requests, double seconds) {
        double perSecond() {
            return Math.round(requests / seconds * 10) / 10.0;
        }

        @Override
        public String toString() {
            return format(perSecond());
        }
    }
}
