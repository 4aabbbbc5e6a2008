package dev.speechmeter.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Many threads released at once by one latch: the way race tests make callers collide. What the
 * test checks while they run happens on the test's own thread, and the threads it holds are
 * released whatever that check finds, so no thread is left waiting.
 */
public final class Race {

    private Race() {
    }

    /** What one thread does; {@code thread} is its number, from 0. */
    @FunctionalInterface
    public interface ThreadBody {
        void run(int thread) throws Exception;
    }

    /** What the test checks while the threads run. */
    @FunctionalInterface
    public interface Check {
        void run() throws Exception;
    }

    /** Runs {@code body} on {@code threads} threads of {@code pool}, all started at once, and waits for them. */
    public static void run(ExecutorService pool, int threads, Duration timeout, ThreadBody body) throws Exception {
        run(pool, threads, timeout, body, () -> { }, new CountDownLatch(0));
    }

    /**
     * Like {@link #run(ExecutorService, int, Duration, ThreadBody)}, running {@code whileRunning}
     * on this thread as the threads go; {@code release} is counted down in any case.
     */
    public static void run(ExecutorService pool, int threads, Duration timeout, ThreadBody body, Check whileRunning,
                           CountDownLatch release) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                start.await();
                body.run(thread);
                return null;
            }));
        }
        start.countDown();
        try {
            whileRunning.run();
        } finally {
            release.countDown();
            for (Future<?> future : futures) {
                future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }
}
