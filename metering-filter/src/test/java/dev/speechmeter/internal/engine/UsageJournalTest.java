package dev.speechmeter.internal.engine;

import static dev.speechmeter.internal.engine.JournalRecords.numbered;
import static dev.speechmeter.internal.engine.JournalRecords.numbers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.speechmeter.spi.UsageBatchWriter;
import dev.speechmeter.spi.UsageRecord;
import dev.speechmeter.testing.Race;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsageJournalTest {

    private static final long ROOMY = 1L << 30;

    @TempDir
    Path dir;

    private final List<UsageJournal> opened = new ArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void closeAll() throws Exception {
        for (UsageJournal journal : opened) {
            journal.close();
        }
        threads.shutdownNow();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    // ------------------------------------------------------------------------------- append and replay

    @Test
    void whatWasAppendedComesBackAfterReopeningOldestFirst() throws IOException {
        UsageJournal journal = open(dir);
        journal.append(numbered(0, 1));
        journal.append(numbered(1, 4));
        journal.append(numbered(4, 104));
        assertThat(journal.pendingRecords()).isEqualTo(104);
        journal.close();

        UsageJournal reopened = open(dir);
        assertThat(reopened.pendingRecords()).isEqualTo(104);
        assertThat(reopened.isEmpty()).isFalse();
        Recorder sink = new Recorder();

        assertThat(reopened.replay(sink, 1_000)).isEqualTo(104);

        assertThat(sink.accepted()).containsExactlyElementsOf(numbered(0, 104));
        assertThat(reopened.pendingRecords()).isZero();
        assertThat(reopened.isEmpty()).isTrue();
        assertThat(reopened.sizeBytes()).isZero();
        assertThat(segments(dir)).isEmpty();
    }

    @Test
    void aReplayHandsOverBatchesOfAtMostMaxBatchAcrossGroupsAndSegments() throws IOException {
        UsageJournal journal = UsageJournal.open(dir, ROOMY, 400);   // a few groups a segment
        opened.add(journal);
        for (int from = 0; from < 25; from += 3) {
            journal.append(numbered(from, Math.min(25, from + 3)));
        }
        assertThat(segments(dir)).hasSizeGreaterThan(2);
        Recorder sink = new Recorder();

        assertThat(journal.replay(sink, 10)).isEqualTo(25);

        assertThat(sink.batchSizes()).containsExactly(10, 10, 5);
        assertThat(sink.accepted()).containsExactlyElementsOf(numbered(0, 25));
        assertThat(segments(dir)).isEmpty();
    }

    @Test
    void aSinkThatFailsMidReplayLeavesEverythingNotAcceptedForTheNextReplay() throws IOException {
        UsageJournal journal = UsageJournal.open(dir, ROOMY, UsageJournal.HEADER_BYTES);   // a segment a group
        opened.add(journal);
        for (int from = 0; from < 50; from += 5) {
            journal.append(numbered(from, from + 5));
        }
        assertThat(segments(dir)).hasSize(10);
        IllegalStateException down = new IllegalStateException("database down");
        Recorder failing = new Recorder(2, down);

        assertThat(catchThrowable(() -> journal.replay(failing, 10))).isSameAs(down);

        assertThat(numbers(failing.accepted())).containsExactlyElementsOf(range(0, 20));
        assertThat(numbers(failing.failed())).containsExactlyElementsOf(range(20, 30));
        assertThat(journal.pendingRecords()).isEqualTo(30);
        assertThat(segments(dir)).as("segments whose records were all accepted are deleted").hasSize(6);

        Recorder next = new Recorder();
        assertThat(journal.replay(next, 10)).isEqualTo(30);

        // Only the failed batch is handed over twice.
        assertThat(next.accepted()).containsExactlyElementsOf(numbered(20, 50));
        assertThat(journal.isEmpty()).isTrue();
        assertThat(segments(dir)).isEmpty();
    }

    @Test
    void aBatchAcceptedFromTheMiddleOfASegmentIsNotHandedOverAgainByTheNextReplay() throws IOException {
        UsageJournal journal = open(dir);
        journal.append(numbered(0, 7));
        journal.append(numbered(7, 14));
        journal.append(numbered(14, 21));
        IllegalStateException down = new IllegalStateException("database down");

        assertThat(catchThrowable(() -> journal.replay(new Recorder(1, down), 4))).isSameAs(down);
        assertThat(journal.pendingRecords()).isEqualTo(17);
        Recorder next = new Recorder();
        journal.replay(next, 4);

        assertThat(numbers(next.accepted())).containsExactlyElementsOf(range(4, 21));
    }

    @Test
    void afterARestartASegmentAcceptedOnlyInPartIsHandedOverAgainFromItsStart() throws IOException {
        UsageJournal journal = open(dir);
        journal.append(numbered(0, 10));
        IllegalStateException down = new IllegalStateException("database down");
        assertThat(catchThrowable(() -> journal.replay(new Recorder(1, down), 4))).isSameAs(down);
        journal.close();

        UsageJournal reopened = open(dir);
        Recorder next = new Recorder();
        reopened.replay(next, 100);

        // How far a sink got is kept in memory only: the sink is idempotent by request id.
        assertThat(reopened.pendingRecords()).isZero();
        assertThat(next.accepted()).containsExactlyElementsOf(numbered(0, 10));
    }

    @Test
    void anAppendDuringAReplayIsNotHeldUpAndWaitsForTheNextReplay() throws Exception {
        UsageJournal journal = open(dir);
        journal.append(numbered(0, 3));
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Recorder sink = new Recorder();
        Future<Integer> replay = threads.submit(() -> journal.replay(records -> {
            writing.countDown();
            await(release);
            sink.writeAll(records);
        }, 100));
        assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();

        // The sink holds the replay; an append goes to a new segment meanwhile.
        threads.submit(() -> {
            journal.append(numbered(3, 5));
            return null;
        }).get(10, TimeUnit.SECONDS);
        assertThat(journal.pendingRecords()).isEqualTo(5);
        release.countDown();

        assertThat(replay.get(10, TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(numbers(sink.accepted())).containsExactly(0L, 1L, 2L);
        assertThat(journal.pendingRecords()).isEqualTo(2);
        Recorder next = new Recorder();
        assertThat(journal.replay(next, 100)).isEqualTo(2);
        assertThat(numbers(next.accepted())).containsExactly(3L, 4L);
    }

    @Test
    void concurrentAppendsWhileReplaysRunAndFailLoseNothingAndRepeatOnlyFailedBatches() throws Exception {
        int appenders = 4;
        int groupsEach = 60;
        UsageJournal journal = UsageJournal.open(dir, ROOMY, 8 * 1024);
        opened.add(journal);
        CountDownLatch firstAccepted = new CountDownLatch(1);
        AtomicInteger finished = new AtomicInteger();
        AtomicInteger calls = new AtomicInteger();
        Recorder sink = new Recorder();
        List<UsageRecord> failed = Collections.synchronizedList(new ArrayList<>());
        UsageBatchWriter flaky = records -> {
            if (calls.incrementAndGet() % 3 == 2) {
                failed.addAll(records);
                throw new IllegalStateException("database down");
            }
            sink.writeAll(records);
        };
        AtomicInteger acceptedWhileAppending = new AtomicInteger();

        Race.run(threads, appenders, Duration.ofMinutes(2), thread -> {
            try {
                long next = thread * 1_000_000L;
                for (int group = 0; group < groupsEach; group++) {
                    if (group == groupsEach / 2) {
                        // Half the groups in, wait until a replay has delivered some: the two surely overlap.
                        assertThat(firstAccepted.await(1, TimeUnit.MINUTES)).isTrue();
                    }
                    int size = 1 + group % 4;
                    journal.append(numbered(next, next + size));
                    next += size;
                }
            } finally {
                finished.incrementAndGet();
            }
        }, () -> {
            while (finished.get() < appenders) {
                try {
                    journal.replay(flaky, 7);
                } catch (IllegalStateException e) {
                    assertThat(e).hasMessage("database down");
                }
                if (firstAccepted.getCount() > 0 && !sink.accepted().isEmpty()) {
                    // No appender can finish before this: the replay took records while appends went on.
                    acceptedWhileAppending.set(sink.accepted().size());
                    firstAccepted.countDown();
                }
                Thread.yield();
            }
        }, firstAccepted);
        for (int replays = 0; !journal.isEmpty(); replays++) {
            assertThat(replays).as("replays to empty the journal").isLessThan(1_000);
            try {
                journal.replay(flaky, 7);
            } catch (IllegalStateException e) {
                assertThat(e).hasMessage("database down");
            }
        }

        List<UsageRecord> expected = new ArrayList<>();
        for (int thread = 0; thread < appenders; thread++) {
            long next = thread * 1_000_000L;
            for (int group = 0; group < groupsEach; group++) {
                expected.addAll(numbered(next, next + 1 + group % 4));
                next += 1 + group % 4;
            }
        }
        List<UsageRecord> accepted = sink.accepted();
        assertThat(acceptedWhileAppending.get()).isPositive();
        assertThat(failed).isNotEmpty();
        // Each record accepted exactly once, whole; a failed batch's records again only once accepted.
        assertThat(accepted).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(accepted).doesNotHaveDuplicates();
        for (int thread = 0; thread < appenders; thread++) {
            long from = thread * 1_000_000L;
            assertThat(numbers(accepted).stream().filter(n -> n >= from && n < from + 1_000_000).toList())
                    .as("thread %d's records in the order it appended them", thread).isSorted();
        }
        assertThat(journal.sizeBytes()).isZero();
        assertThat(segments(dir)).isEmpty();
    }

    // ------------------------------------------------------------------------------- limits and lifecycle

    @Test
    void aGroupThatWouldGoPastMaxBytesIsRefusedWholeAndFitsOnceAReplayMadeRoom() throws IOException {
        long maxBytes = UsageJournal.HEADER_BYTES + bytesOf(numbered(0, 3)) + bytesOf(numbered(3, 6))
                + bytesOf(numbered(6, 9)) + bytesOf(numbered(9, 12)) - 1;   // one byte short of the fourth group
        UsageJournal journal = open(dir, maxBytes);
        journal.append(numbered(0, 3));
        journal.append(numbered(3, 6));
        journal.append(numbered(6, 9));
        long size = journal.sizeBytes();

        assertThatThrownBy(() -> journal.append(numbered(9, 12))).isInstanceOf(UsageJournal.Full.class)
                .hasMessageContaining(String.valueOf(maxBytes));

        assertThat(journal.sizeBytes()).isEqualTo(size).isLessThanOrEqualTo(maxBytes);
        assertThat(bytesOnDisk(dir)).as("nothing of the refused group is on disk").isEqualTo(size);
        assertThat(journal.pendingRecords()).isEqualTo(9);
        journal.close();
        UsageJournal reopened = open(dir, maxBytes);
        Recorder sink = new Recorder();
        reopened.replay(sink, 100);
        assertThat(numbers(sink.accepted())).containsExactlyElementsOf(range(0, 9));

        reopened.append(numbered(9, 12));
        assertThat(reopened.pendingRecords()).isEqualTo(3);
    }

    @Test
    void aGroupLargerThanMaxBytesIsRefusedByAnEmptyJournalWithoutMakingASegment() throws IOException {
        UsageJournal journal = open(dir, 1_000);

        assertThatThrownBy(() -> journal.append(numbered(0, 10))).isInstanceOf(UsageJournal.Full.class);

        assertThat(journal.sizeBytes()).isZero();
        assertThat(segments(dir)).isEmpty();
    }

    @Test
    void aReplayOfNothingMakesNoSegment() throws IOException {
        UsageJournal journal = open(dir);

        for (int i = 0; i < 3; i++) {
            assertThat(journal.replay(new Recorder(), 10)).isZero();
        }

        assertThat(segments(dir)).isEmpty();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactly("journal.lock");
        }
    }

    @Test
    void aDirectoryIsOpenInOneJournalAtATime() throws IOException {
        UsageJournal journal = open(dir);

        assertThatThrownBy(() -> UsageJournal.open(dir, ROOMY)).isInstanceOf(IOException.class)
                .hasMessageContaining("open elsewhere");

        journal.close();
        open(dir).close();
    }

    @Test
    void aClosedJournalRefusesAppendsAndReplays() throws IOException {
        UsageJournal journal = open(dir);
        journal.close();

        assertThatThrownBy(() -> journal.append(numbered(0, 1))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> journal.replay(new Recorder(), 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void appendsAfterAReopenComeAfterWhatWasThere() throws IOException {
        UsageJournal journal = open(dir);
        journal.append(numbered(0, 2));
        journal.close();
        UsageJournal reopened = open(dir);

        reopened.append(numbered(2, 4));

        assertThat(segments(dir)).containsExactly("usage-000001.journal", "usage-000002.journal");
        Recorder sink = new Recorder();
        reopened.replay(sink, 100);
        assertThat(numbers(sink.accepted())).containsExactly(0L, 1L, 2L, 3L);
    }

    // ------------------------------------------------------------------------------- recovery

    @Test
    void aTailTornAnywhereInTheLastGroupIsCutAndEveryEarlierGroupKept() throws IOException {
        Path pristine = dir.resolve("pristine");
        UsageJournal journal = open(pristine);
        journal.append(numbered(0, 2));
        journal.append(numbered(2, 5));
        long lastStart = journal.sizeBytes();
        journal.append(numbered(5, 8));
        journal.close();
        byte[] bytes = Files.readAllBytes(pristine.resolve("usage-000001.journal"));

        List<Long> cuts = new ArrayList<>();
        for (long cut = lastStart + 1; cut < lastStart + UsageJournal.FRAME_HEADER_BYTES + 8; cut++) {
            cuts.add(cut);
        }
        for (long cut = lastStart + 20; cut < bytes.length; cut += 23) {
            cuts.add(cut);
        }
        cuts.add((long) bytes.length - 1);
        for (long cut : cuts) {
            Path torn = dir.resolve("torn-" + cut);
            Files.createDirectories(torn);
            Path segment = torn.resolve("usage-000001.journal");
            Files.write(segment, Arrays.copyOf(bytes, (int) cut));
            try (JournalLog log = new JournalLog()) {
                UsageJournal recovered = open(torn);
                assertThat(Files.size(segment)).as("cut at %d", cut).isEqualTo(lastStart);
                assertThat(recovered.pendingRecords()).isEqualTo(5);
                Recorder sink = new Recorder();
                recovered.replay(sink, 100);
                assertThat(sink.accepted()).as("cut at %d", cut).containsExactlyElementsOf(numbered(0, 5));
                assertThat(log.at(Level.WARNING)).singleElement().asString()
                        .contains(segment.toString(), "offset " + lastStart);
                assertThat(log.at(Level.SEVERE)).isEmpty();
            }
        }
    }

    @Test
    void aSegmentEndingOnAWholeGroupIsLeftAsItIs() throws IOException {
        UsageJournal journal = open(dir);
        journal.append(numbered(0, 2));
        journal.close();
        long length = Files.size(dir.resolve("usage-000001.journal"));

        try (JournalLog log = new JournalLog()) {
            UsageJournal reopened = open(dir);
            assertThat(reopened.pendingRecords()).isEqualTo(2);
            assertThat(log.at(Level.WARNING)).isEmpty();
        }
        assertThat(Files.size(dir.resolve("usage-000001.journal"))).isEqualTo(length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"random", "zeros", "frame header"})
    void bytesAfterTheLastGroupAreCutOff(String kind) throws IOException {
        UsageJournal journal = open(dir);
        journal.append(numbered(0, 4));
        journal.append(numbered(4, 6));
        journal.close();
        Path segment = dir.resolve("usage-000001.journal");
        long length = Files.size(segment);
        byte[] tail = switch (kind) {
            case "random" -> randomBytes(777, 1);
            case "zeros" -> new byte[4096];    // what a file system can leave when a crash beat the data to disk
            default -> ByteBuffer.allocate(40).put("SMGR".getBytes()).putInt(20).putInt(12345).array();
        };
        Files.write(segment, tail, java.nio.file.StandardOpenOption.APPEND);

        UsageJournal reopened = open(dir);

        assertThat(Files.size(segment)).isEqualTo(length);
        Recorder sink = new Recorder();
        reopened.replay(sink, 100);
        assertThat(sink.accepted()).containsExactlyElementsOf(numbered(0, 6));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5, 9, 40})   // in the magic, the length, the checksum, the payload
    void damageInTheMiddleOfASegmentIsSetAsideAndTheGroupsAfterItKept(int offsetInGroup) throws IOException {
        UsageJournal journal = open(dir);
        journal.append(numbered(0, 2));
        long secondStart = journal.sizeBytes();
        journal.append(numbered(2, 5));
        long thirdStart = journal.sizeBytes();
        journal.append(numbered(5, 6));
        journal.append(numbered(6, 9));
        journal.close();
        Path segment = dir.resolve("usage-000001.journal");
        byte[] bytes = Files.readAllBytes(segment);
        for (int i = 0; i < 4; i++) {
            bytes[(int) secondStart + offsetInGroup + i] ^= (byte) 0x5A;
        }
        Files.write(segment, bytes);

        try (JournalLog log = new JournalLog()) {
            UsageJournal reopened = open(dir);

            assertThat(reopened.pendingRecords()).isEqualTo(6);
            Path copy = dir.resolve("usage-000001.journal.damaged-" + secondStart);
            assertThat(Files.readAllBytes(copy))
                    .isEqualTo(Arrays.copyOfRange(bytes, (int) secondStart, (int) thirdStart));
            assertThat(log.at(Level.SEVERE)).singleElement().asString()
                    .contains(segment.toString(), "offset " + secondStart, (thirdStart - secondStart) + " bytes",
                            copy.toString());
            Recorder sink = new Recorder();
            reopened.replay(sink, 100);
            assertThat(numbers(sink.accepted())).containsExactly(0L, 1L, 5L, 6L, 7L, 8L);
            assertThat(segments(dir)).isEmpty();
            assertThat(copy).exists();
        }
    }

    @Test
    void aGroupFramedForAnotherSegmentIsNotTakenForOneOfThisSegment() throws IOException {
        UsageJournal journal = open(dir.resolve("a"));
        journal.append(numbered(0, 2));
        journal.close();
        UsageJournal other = open(dir.resolve("b"));
        other.append(numbered(100, 102));
        other.close();
        Path segment = dir.resolve("a").resolve("usage-000001.journal");
        byte[] otherBytes = Files.readAllBytes(dir.resolve("b").resolve("usage-000001.journal"));
        long length = Files.size(segment);
        // A whole, well-formed frame, but checked with the other segment's salt.
        Files.write(segment, Arrays.copyOfRange(otherBytes, UsageJournal.HEADER_BYTES, otherBytes.length),
                java.nio.file.StandardOpenOption.APPEND);

        UsageJournal reopened = open(dir.resolve("a"));

        assertThat(Files.size(segment)).isEqualTo(length);
        Recorder sink = new Recorder();
        reopened.replay(sink, 100);
        assertThat(numbers(sink.accepted())).containsExactly(0L, 1L);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 7, UsageJournal.HEADER_BYTES})
    void aSegmentThatWasBeingMadeAtACrashIsDeleted(int length) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("usage-000007.journal"), new byte[length]);

        UsageJournal journal = open(dir);

        assertThat(journal.isEmpty()).isTrue();
        assertThat(segments(dir)).isEmpty();
        journal.append(numbered(0, 1));
        assertThat(segments(dir)).containsExactly("usage-000008.journal");
    }

    @Test
    void aSegmentWithADamagedHeaderIsSetAsideWhole() throws IOException {
        UsageJournal journal = open(dir);
        journal.append(numbered(0, 2));
        journal.close();
        Path segment = dir.resolve("usage-000001.journal");
        byte[] bytes = Files.readAllBytes(segment);
        bytes[1] ^= 1;
        Files.write(segment, bytes);

        try (JournalLog log = new JournalLog()) {
            UsageJournal reopened = open(dir);

            assertThat(reopened.isEmpty()).isTrue();
            assertThat(dir.resolve("usage-000001.journal.damaged")).hasBinaryContent(bytes);
            assertThat(log.at(Level.SEVERE)).singleElement().asString().contains(segment.toString());
            reopened.append(numbered(2, 3));
            assertThat(segments(dir)).containsExactly("usage-000002.journal");
        }
    }

    @Test
    void aSegmentOfAnotherFormatVersionStopsTheOpenAndIsLeftAlone() throws IOException {
        UsageJournal journal = open(dir);
        journal.append(numbered(0, 2));
        journal.close();
        Path segment = dir.resolve("usage-000001.journal");
        byte[] bytes = Files.readAllBytes(segment);
        bytes[4] = (byte) (UsageJournal.FORMAT_VERSION + 1);
        Files.write(segment, bytes);

        assertThatThrownBy(() -> UsageJournal.open(dir, ROOMY)).isInstanceOf(IOException.class)
                .hasMessageContaining("format version " + (UsageJournal.FORMAT_VERSION + 1));

        assertThat(segment).hasBinaryContent(bytes);
        bytes[4] = UsageJournal.FORMAT_VERSION;
        Files.write(segment, bytes);
        assertThat(open(dir).pendingRecords()).as("the failed open left the directory unlocked").isEqualTo(2);
    }

    // ------------------------------------------------------------------------------- helpers

    private UsageJournal open(Path directory) throws IOException {
        return open(directory, ROOMY);
    }

    private UsageJournal open(Path directory, long maxBytes) throws IOException {
        UsageJournal journal = UsageJournal.open(directory, maxBytes);
        opened.add(journal);
        return journal;
    }

    /** What a group of {@code records} takes in a segment, its frame included. */
    private long bytesOf(List<UsageRecord> records) throws IOException {
        try (UsageJournal scratch = UsageJournal.open(dir.resolve("scratch-" + System.nanoTime()), ROOMY)) {
            scratch.append(records);
            return scratch.sizeBytes() - UsageJournal.HEADER_BYTES;
        }
    }

    static List<String> segments(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.matches("usage-\\d+\\.journal"))
                    .sorted().toList();
        }
    }

    private static long bytesOnDisk(Path directory) throws IOException {
        long bytes = 0;
        for (String name : segments(directory)) {
            bytes += Files.size(directory.resolve(name));
        }
        return bytes;
    }

    private static List<Long> range(long from, long to) {
        List<Long> numbers = new ArrayList<>();
        for (long n = from; n < to; n++) {
            numbers.add(n);
        }
        return numbers;
    }

    private static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A sink that keeps what it accepts, batch by batch; made with a failure, it throws it on the
     * call after {@code acceptFirst} accepted ones, keeping that batch apart.
     */
    static final class Recorder implements UsageBatchWriter {

        private final int acceptFirst;
        private final RuntimeException failure;
        private final List<List<UsageRecord>> batches = new ArrayList<>();
        private final List<UsageRecord> failed = new ArrayList<>();

        Recorder() {
            this(Integer.MAX_VALUE, null);
        }

        Recorder(int acceptFirst, RuntimeException failure) {
            this.acceptFirst = acceptFirst;
            this.failure = failure;
        }

        @Override
        public synchronized void writeAll(List<UsageRecord> records) {
            if (batches.size() == acceptFirst) {
                failed.addAll(records);
                throw failure;
            }
            batches.add(List.copyOf(records));
        }

        synchronized List<UsageRecord> accepted() {
            return batches.stream().flatMap(List::stream).toList();
        }

        synchronized List<Integer> batchSizes() {
            return batches.stream().map(List::size).toList();
        }

        synchronized List<UsageRecord> failed() {
            return List.copyOf(failed);
        }
    }
}
