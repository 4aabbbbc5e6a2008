package dev.speechmeter.internal.engine;

import static dev.speechmeter.internal.engine.JournalRecords.numbered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.speechmeter.spi.UsageRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real crash: another JVM appends to a journal and says which groups each append acknowledged;
 * it is killed (SIGKILL) in the middle of its work, and the journal it leaves is recovered here.
 */
class UsageJournalCrashTest {

    private static final int THREADS = 2;
    /** Acknowledged groups after which the appending JVM is killed. */
    private static final int ACKNOWLEDGED_BEFORE_KILL = 400;
    /** Apart in the numbers of the records, so that each appending thread has its own. */
    private static final long THREAD_SPAN = 1_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedRecordIsReplayedExactlyOnceAfterTheAppendingProcessIsKilled() throws Exception {
        Path journalDir = dir.resolve("journal");
        Path errors = dir.resolve("appender.err");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process appender = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                Appender.class.getName(), journalDir.toString())
                .redirectError(errors.toFile())
                .start();
        Map<Integer, Long> acknowledgedUpTo = new HashMap<>();   // per thread: the end of its last acknowledged group
        int acknowledged = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(appender.getInputStream(),
                StandardCharsets.UTF_8))) {
            try {
                acknowledged = assertTimeoutPreemptively(Duration.ofMinutes(3),
                        () -> readAcknowledgements(out, acknowledgedUpTo, ACKNOWLEDGED_BEFORE_KILL),
                        () -> "the appender stopped early: " + contentOf(errors));
            } finally {
                // SIGKILL through the handle: Process.destroyForcibly would also close our end of its
                // output, and lose acknowledgements still in the pipe.
                appender.toHandle().destroyForcibly();
                assertThat(appender.waitFor(1, TimeUnit.MINUTES)).isTrue();
            }
            // Lines already written before the kill acknowledge groups too.
            acknowledged += readAcknowledgements(out, acknowledgedUpTo, Integer.MAX_VALUE);
        }
        assertThat(appender.exitValue()).as("killed, not ended").isNotZero();
        assertThat(acknowledged).isGreaterThanOrEqualTo(ACKNOWLEDGED_BEFORE_KILL);

        List<UsageRecord> replayed = new ArrayList<>();
        try (JournalLog log = new JournalLog(); UsageJournal journal = UsageJournal.open(journalDir, 1L << 30)) {
            long pending = journal.pendingRecords();
            journal.replay(replayed::addAll, 1_000);
            assertThat(replayed).hasSize((int) pending);
            assertThat(journal.isEmpty()).isTrue();
            assertThat(log.at(Level.SEVERE)).as("a crash tears at most a tail, never the middle").isEmpty();
        }

        assertThat(replayed).doesNotHaveDuplicates();
        for (int thread = 0; thread < THREADS; thread++) {
            long first = thread * THREAD_SPAN;
            long upTo = acknowledgedUpTo.getOrDefault(thread, first);
            List<UsageRecord> ofThread = replayed.stream()
                    .filter(record -> JournalRecords.number(record) / THREAD_SPAN == first / THREAD_SPAN).toList();
            long end = first + ofThread.size();
            // Whole and in order: every acknowledged record, each as it was made ...
            assertThat(ofThread).as("thread %d", thread).containsExactlyElementsOf(numbered(first, end));
            assertThat(end).as("thread %d", thread).isGreaterThanOrEqualTo(upTo);
            // ... and past them at most the whole group whose append the kill cut short.
            if (end > upTo) {
                assertThat(end).as("thread %d's unacknowledged group", thread).isEqualTo(upTo + groupSize(upTo - first));
            }
        }
    }

    /** Reads acknowledgement lines until {@code enough} of them, or the end; returns how many were read. */
    private static int readAcknowledgements(BufferedReader out, Map<Integer, Long> upTo, int enough)
            throws IOException {
        int read = 0;
        String line;
        while (read < enough && (line = out.readLine()) != null) {
            // "<thread> <first number> <end number>" once a group's append returned
            String[] fields = line.split(" ");
            int thread = Integer.parseInt(fields[0]);
            long from = Long.parseLong(fields[1]);
            assertThat(from).as("groups acknowledged in order").isEqualTo(upTo.getOrDefault(thread, thread * THREAD_SPAN));
            upTo.put(thread, Long.parseLong(fields[2]));
            read++;
        }
        return read;
    }

    private static String contentOf(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /**
     * The size of the group that starts at a thread's {@code offset}-th record: mostly a few
     * records, now and then a large one, whose write a kill is likely to cut short.
     */
    static int groupSize(long offset) {
        return offset % 7 == 6 ? 300 : 1 + (int) (offset % 5);
    }

    /** The appending JVM: appends groups on {@value #THREADS} threads until it is killed. */
    public static final class Appender {

        public static void main(String[] args) throws Exception {
            UsageJournal journal = UsageJournal.open(Path.of(args[0]), 1L << 30);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                threads.add(new Thread(() -> {
                    try {
                        long first = thread * THREAD_SPAN;
                        for (long next = first; ; ) {
                            long end = next + groupSize(next - first);
                            journal.append(numbered(next, end));
                            System.out.println(thread + " " + next + " " + end);
                            next = end;
                        }
                    } catch (IOException | RuntimeException e) {
                        e.printStackTrace();
                        System.exit(2);
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                thread.join();
            }
        }
    }
}
