package dev.speechmeter.internal.engine;

import dev.speechmeter.spi.UsageBatchWriter;
import dev.speechmeter.spi.UsageRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * A local, append-only, crash-safe journal of usage records: where entries go while the
 * database cannot take them, to be replayed into it once it can. Usage entries are money, so a
 * group of records is on disk before {@link #append} returns, and a replay deletes records only
 * once the sink has accepted them.
 *
 * <pre>{@code
 * try (UsageJournal journal = UsageJournal.open(Path.of("/var/lib/speechmeter/journal"), 1L << 30)) {
 *     journal.append(records);                 // durable once it returns
 *     ...
 *     journal.replay(jdbcUsageWriter, 500);    // when the database is back
 * }
 * }</pre>
 *
 * <h2>Files</h2>
 * The directory holds segment files {@code usage-000001.journal}, {@code usage-000002.journal},
 * ... replayed in the order of their numbers, and {@code journal.lock}, locked while a journal
 * is open on the directory so that a second one (in this or another process) refuses to open.
 * A segment starts with a 16-byte header: the magic {@code SMUJ}, the format version
 * ({@value #FORMAT_VERSION}), three zero bytes and an 8-byte random salt. Then come the
 * groups, one per {@link #append}, each a frame of
 * <ul>
 *   <li>the magic {@code SMGR} (4 bytes),</li>
 *   <li>the payload's length (int),</li>
 *   <li>the CRC32C of the segment's salt, that length and the payload (int),</li>
 *   <li>the payload: the number of records (int, at least 1), then each record as
 *       {@link UsageRecordCodec} writes it.</li>
 * </ul>
 * All numbers are big-endian. The salt makes a frame's checksum depend on a secret of the
 * segment, so that bytes inside a record (a client's correlation id, say) can never pass for a
 * frame when recovery searches past damage.
 *
 * <h2>Writing</h2>
 * Groups are appended one at a time, each written and then forced ({@link FileChannel#force})
 * before the next; a new segment's header is forced, and its directory synced, before the
 * segment holds a group. So at most the one group being appended at a crash can be torn, and
 * it is the last group of its segment. A group whose append throws was not acknowledged, and
 * the segment is closed: the next append starts a new one. Such a group may still be found
 * whole on a later open and replayed; with a sink idempotent by request id this is harmless.
 * A segment is closed for appending when it reaches its target size, when a replay starts, and
 * when the journal is opened: a journal never appends to a segment of an earlier run.
 *
 * <h2>Recovery</h2>
 * On {@link #open}, each segment is read and every frame checked:
 * <ul>
 *   <li>A segment shorter than its header, or only as long as a header that is not valid, was
 *       being created at a crash and never held a group: it is deleted (WARNING).</li>
 *   <li>A segment of another format version stops the open: a newer version wrote it.</li>
 *   <li>A longer segment whose header is not valid is renamed to {@code <name>.damaged} and left
 *       for an operator (ERROR): without its salt no group in it can be checked.</li>
 *   <li>A frame that is torn or fails its checksum, with no valid frame after it in its
 *       segment, is the tail of the group being appended at a crash, which was never
 *       acknowledged: the segment is cut there (WARNING with the file and the offset), and every
 *       earlier group is kept.</li>
 *   <li>Unreadable bytes followed by valid frames cannot come from a crash (each group is forced
 *       before the next is written): they are damage. The bytes are copied to
 *       {@code <name>.damaged-<offset>} for an operator, the range is reported at ERROR with the
 *       file, offset and length, and the groups after it are kept and replayed. A record whose
 *       group was damaged is not replayed: it is in that copy.</li>
 * </ul>
 * The {@code .damaged} files are not part of the journal: neither replayed nor counted in
 * {@link #sizeBytes()}.
 *
 * <h2>Replaying</h2>
 * {@link #replay} closes the segment being appended to (appends go on into a new one) and hands
 * every record of the closed segments to the sink, oldest first, in batches. A segment is
 * deleted as soon as all its records are accepted. How far the sink got into a segment is kept
 * in memory: the next replay in this process resumes right after the last accepted batch, while
 * after a restart a segment that was accepted only in part is handed over again from its start.
 */
public final class UsageJournal implements AutoCloseable {

    /** The format of segments this version writes and reads. */
    static final int FORMAT_VERSION = 1;
    static final int HEADER_BYTES = 16;
    static final int FRAME_HEADER_BYTES = 12;
    /** The segment size past which a new segment is started. */
    static final long DEFAULT_SEGMENT_BYTES = 16L << 20;

    private static final System.Logger LOG = System.getLogger(UsageJournal.class.getName());
    private static final int SEGMENT_MAGIC = 0x534D554A;   // "SMUJ"
    private static final int FRAME_MAGIC = 0x534D4752;     // "SMGR"
    private static final int SALT_BYTES = 8;
    /** The record count of a payload. */
    private static final int MIN_PAYLOAD_BYTES = 4;
    private static final String LOCK_FILE = "journal.lock";
    private static final Pattern SEGMENT = Pattern.compile("usage-(\\d+)\\.journal");
    /** Segments and what recovery set aside from them: a new segment's number is above all of them. */
    private static final Pattern SEGMENT_OR_DAMAGE = Pattern.compile("usage-(\\d+)\\.journal(\\..*)?");
    private static final SecureRandom SALTS = new SecureRandom();

    private final Path directory;
    private final long maxBytes;
    private final long segmentBytes;
    /** Holds the lock on {@value #LOCK_FILE}; closing it releases the lock. */
    private final FileChannel lockChannel;
    private final boolean directorySync;

    /** Guards the segments, the counts and the segment being appended to. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Held for a whole replay: one at a time, and {@link #close()} waits for it. */
    private final ReentrantLock replaying = new ReentrantLock();
    /** Segments closed for appending, oldest first. */
    private final List<Segment> sealed = new ArrayList<>();
    /** The segment appends go to; null until the next append makes one. */
    private Segment current;
    private long nextId;
    private volatile long pending;
    private volatile long size;
    private volatile boolean closed;

    private UsageJournal(Path directory, long maxBytes, long segmentBytes, FileChannel lockChannel,
                         boolean directorySync) {
        this.directory = directory;
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
        this.lockChannel = lockChannel;
        this.directorySync = directorySync;
    }

    /**
     * Opens the journal in {@code directory}, making the directory if needed, and recovers what a
     * crash left (see the class description).
     *
     * @param maxBytes the most the segments may take on disk, headers included: an append that
     *                 would go past it throws {@link Full}
     * @throws IOException when the directory cannot be read or written, holds a segment of
     *                     another format version, or is open in another journal
     */
    public static UsageJournal open(Path directory, long maxBytes) throws IOException {
        return open(directory, maxBytes, DEFAULT_SEGMENT_BYTES);
    }

    /** Like {@link #open(Path, long)}, starting a new segment once one reaches {@code segmentBytes}. */
    static UsageJournal open(Path directory, long maxBytes, long segmentBytes) throws IOException {
        if (maxBytes < HEADER_BYTES + FRAME_HEADER_BYTES) {
            throw new IllegalArgumentException("maxBytes is too small to hold a group: " + maxBytes);
        }
        if (segmentBytes < HEADER_BYTES) {
            throw new IllegalArgumentException("segmentBytes is too small: " + segmentBytes);
        }
        Files.createDirectories(directory);
        FileChannel lockChannel = FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        try {
            FileLock directoryLock;
            try {
                directoryLock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                directoryLock = null;
            }
            if (directoryLock == null) {
                throw new IOException("The usage journal in " + directory + " is open elsewhere");
            }
            UsageJournal journal = new UsageJournal(directory, maxBytes, segmentBytes, lockChannel,
                    directorySyncWorks(directory));
            journal.recover();
            return journal;
        } catch (IOException | RuntimeException e) {
            lockChannel.close();   // releases the lock too
            throw e;
        }
    }

    /**
     * Writes {@code records} as one group and forces it to disk: once this returns, the group
     * survives a crash of the process or of the machine. Thread-safe; appends are written one at
     * a time, in the order they take the journal's lock. An empty list writes nothing.
     *
     * @throws Full        when the group would take the journal past its {@code maxBytes}; nothing is written
     * @throws IOException when the group could not be written or forced; it was not acknowledged
     *                     (and may or may not be replayed later)
     * @throws IllegalStateException when the journal is closed
     */
    public void append(List<UsageRecord> records) throws IOException {
        if (records.isEmpty()) {
            return;
        }
        byte[] payload = payload(records);
        long frameBytes = FRAME_HEADER_BYTES + (long) payload.length;
        lock.lock();
        try {
            requireOpen();
            boolean full = current != null && current.records > 0 && current.end + frameBytes > segmentBytes;
            long needed = frameBytes + (current == null || full ? HEADER_BYTES : 0);
            if (size + needed > maxBytes) {
                throw new Full("A group of " + records.size() + " usage records (" + frameBytes + " bytes) would "
                        + "take the usage journal in " + directory + " to " + (size + needed) + " bytes, past its "
                        + maxBytes);
            }
            if (full) {
                seal();
            }
            if (current == null) {
                current = createSegment();
            }
            Segment segment = current;
            ByteBuffer frame = frame(segment.salt, payload);
            long at = segment.end;
            try {
                writeFully(segment.channel, frame, at);
                segment.channel.force(true);
            } catch (IOException e) {
                abandon(segment, at, e);
                throw e;
            }
            segment.end = at + frameBytes;
            segment.records += records.size();
            size += frameBytes;
            pending += records.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Hands every record appended before this call to {@code sink}, oldest first, in batches of
     * at most {@code maxBatch}; deletes each segment once all its records are accepted. Appends
     * may go on meanwhile: they go to a new segment, left for the next replay. One replay runs at
     * a time; a second one waits.
     *
     * <p>When the sink throws, the replay stops and the exception propagates; every record of the
     * failed batch and after it stays for the next replay. A record may so be handed over more
     * than once, and the sink must be idempotent by request id, as a {@link UsageBatchWriter} is.
     *
     * @return how many records the sink accepted; fewer than were pending when the journal is
     *         closed meanwhile (the replay ends after the batch being written)
     * @throws IOException when a segment cannot be read, or holds a group this version cannot
     *                     decode; nothing of it or after it is deleted
     * @throws IllegalStateException when the journal is closed
     */
    public int replay(UsageBatchWriter sink, int maxBatch) throws IOException {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1: " + maxBatch);
        }
        replaying.lock();
        try {
            List<Segment> segments;
            lock.lock();
            try {
                requireOpen();
                if (current != null && current.records > 0) {
                    seal();
                }
                segments = List.copyOf(sealed);
            } finally {
                lock.unlock();
            }
            Replay replay = new Replay(sink, maxBatch);
            for (Segment segment : segments) {
                if (closed || !replay.read(segment)) {
                    return replay.accepted;
                }
            }
            replay.flush();
            return replay.accepted;
        } finally {
            replaying.unlock();
        }
    }

    /** Records appended and not yet accepted by a replay's sink. */
    public long pendingRecords() {
        return pending;
    }

    /** What the segments take on disk, headers included; what {@code maxBytes} bounds. */
    public long sizeBytes() {
        return size;
    }

    /** True when no record waits for a replay. */
    public boolean isEmpty() {
        return pending == 0;
    }

    /**
     * Closes the segment being appended to and unlocks the directory; waits for a replay under way
     * to finish the batch its sink is writing. Appends and replays then fail.
     */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (current != null) {
                seal();
            }
        } finally {
            lock.unlock();
        }
        replaying.lock();
        try {
            lockChannel.close();   // releases the directory's lock
        } finally {
            replaying.unlock();
        }
    }

    @Override
    public String toString() {
        return "UsageJournal[" + directory + ", " + pending + " records, " + size + " of " + maxBytes + " bytes]";
    }

    /** Thrown by {@link UsageJournal#append} when a group does not fit; nothing of it was written. */
    public static final class Full extends IOException {

        private static final long serialVersionUID = 1L;

        Full(String message) {
            super(message);
        }
    }

    // ---------------------------------------------------------------------------------- writing

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("The usage journal in " + directory + " is closed");
        }
    }

    private static byte[] payload(List<UsageRecord> records) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 * records.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(records.size());
            for (UsageRecord record : records) {
                UsageRecordCodec.write(record, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    private static ByteBuffer frame(byte[] salt, byte[] payload) {
        ByteBuffer frame = ByteBuffer.allocate(FRAME_HEADER_BYTES + payload.length);
        frame.putInt(FRAME_MAGIC).putInt(payload.length).putInt(checksum(salt, payload, 0, payload.length))
                .put(payload).flip();
        return frame;
    }

    private static int checksum(byte[] salt, byte[] payload, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(salt);
        crc.update(ByteBuffer.allocate(4).putInt(length).flip());
        crc.update(payload, offset, length);
        return (int) crc.getValue();
    }

    /** A new segment, its header forced and its name synced into the directory. Under {@link #lock}. */
    private Segment createSegment() throws IOException {
        Segment segment = new Segment(directory.resolve(name(nextId)), new byte[SALT_BYTES]);
        nextId++;
        SALTS.nextBytes(segment.salt);
        FileChannel channel = FileChannel.open(segment.path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
            header.putInt(SEGMENT_MAGIC).put((byte) FORMAT_VERSION).put(new byte[3]).put(segment.salt).flip();
            writeFully(channel, header, 0);
            channel.force(true);
            syncDirectory();
        } catch (IOException e) {
            closeQuietly(channel, e);
            try {
                Files.deleteIfExists(segment.path);
            } catch (IOException notDeleted) {
                e.addSuppressed(notDeleted);   // a header-only segment: the next open deletes it
            }
            throw e;
        }
        segment.channel = channel;
        segment.end = HEADER_BYTES;
        size += HEADER_BYTES;
        return segment;
    }

    /** Closes the segment being appended to; the next append starts a new one. Under {@link #lock}. */
    private void seal() {
        Segment segment = current;
        current = null;
        sealed.add(segment);
        try {
            segment.channel.close();
        } catch (IOException e) {
            // Every group in it was forced before its append returned: nothing is lost.
            LOG.log(System.Logger.Level.WARNING, "Could not close the usage journal segment " + segment.path + ": "
                    + e.getMessage());
        }
        segment.channel = null;
    }

    /**
     * After a failed append: cuts off what of the group was written and closes the segment, whose
     * earlier groups stay for replay. Should the cut fail, the segment still ends at {@code at}
     * for this journal, and the next open cuts the torn tail. Under {@link #lock}.
     */
    private void abandon(Segment segment, long at, IOException failure) {
        try {
            segment.channel.truncate(at);
            segment.channel.force(true);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
        seal();
    }

    // ---------------------------------------------------------------------------------- replaying

    /** One replay's batch under way and what it has delivered. */
    private final class Replay {

        private final UsageBatchWriter sink;
        private final int maxBatch;
        private final List<UsageRecord> batch;
        /** How many records of the batch come from each segment. */
        private final Map<Segment, Integer> sources = new LinkedHashMap<>();
        /** Segments read to their end, deleted once the batch holding their last records is accepted. */
        private final List<Segment> readToEnd = new ArrayList<>();
        int accepted;

        Replay(UsageBatchWriter sink, int maxBatch) {
            this.sink = sink;
            this.maxBatch = maxBatch;
            this.batch = new ArrayList<>(Math.min(maxBatch, 10_000));
        }

        /** Adds the segment's records not yet accepted to batches; false when the journal was closed meanwhile. */
        boolean read(Segment segment) throws IOException {
            long skip = segment.accepted;
            try (FileChannel channel = FileChannel.open(segment.path, StandardOpenOption.READ)) {
                Groups groups = new Groups(channel, segment.salt, segment.end);
                for (byte[] payload = groups.next(); payload != null; payload = groups.next()) {
                    int count = ByteBuffer.wrap(payload).getInt();
                    if (skip >= count) {
                        skip -= count;
                        continue;
                    }
                    for (UsageRecord record : decode(payload, segment.path)) {
                        if (skip > 0) {
                            skip--;
                            continue;
                        }
                        batch.add(record);
                        sources.merge(segment, 1, Integer::sum);
                        if (batch.size() == maxBatch) {
                            flush();
                            if (closed) {
                                return false;
                            }
                        }
                    }
                }
                // Damage here appeared after the open that checked this segment: the disk is failing.
                for (Groups.Damage damage : groups.damageToEnd()) {
                    keepDamaged(segment.path, channel, damage, false);
                }
            }
            if (!segment.deleted) {
                readToEnd.add(segment);
            }
            if (batch.isEmpty()) {
                flush();   // deletes a segment with nothing left to hand over
            }
            return true;
        }

        /**
         * Hands the batch to the sink; then deletes the segments that have nothing left: those
         * read to their end, and those whose every record is now accepted.
         */
        void flush() throws IOException {
            List<Segment> done = new ArrayList<>(readToEnd);
            readToEnd.clear();
            if (!batch.isEmpty()) {
                sink.writeAll(List.copyOf(batch));
                lock.lock();
                try {
                    sources.forEach((segment, count) -> {
                        segment.accepted += count;
                        pending -= count;
                        if (segment.accepted >= segment.records) {
                            done.add(segment);
                        }
                    });
                } finally {
                    lock.unlock();
                }
                accepted += batch.size();
                batch.clear();
                sources.clear();
            }
            if (!done.isEmpty()) {
                delete(done);
            }
        }
    }

    private static List<UsageRecord> decode(byte[] payload, Path path) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            int count = in.readInt();
            List<UsageRecord> records = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                records.add(UsageRecordCodec.read(in));
            }
            if (in.available() > 0) {
                throw new IOException(in.available() + " bytes after the last record");
            }
            return records;
        } catch (IOException e) {
            throw new IOException("A group in " + path + " passes its checksum but cannot be read: " + e.getMessage(),
                    e);
        }
    }

    /** Deletes segments whose records were all accepted (or that hold none any more). */
    private void delete(List<Segment> segments) throws IOException {
        lock.lock();
        try {
            for (Segment segment : segments) {
                if (segment.deleted) {
                    continue;
                }
                Files.deleteIfExists(segment.path);
                segment.deleted = true;
                sealed.remove(segment);
                size -= segment.end;
                pending -= segment.records - segment.accepted;   // records that were damaged since the open
            }
            syncDirectory();
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------- recovery

    private void recover() throws IOException {
        TreeMap<Long, Path> segments = new TreeMap<>();
        long highest = 0;
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                Matcher any = SEGMENT_OR_DAMAGE.matcher(name);
                if (any.matches()) {
                    long id = Long.parseLong(any.group(1));
                    highest = Math.max(highest, id);
                    if (SEGMENT.matcher(name).matches()) {
                        segments.put(id, file);
                    }
                }
            }
        }
        nextId = highest + 1;
        boolean changed = false;
        for (Map.Entry<Long, Path> entry : segments.entrySet()) {
            Segment segment = recover(entry.getValue());
            if (segment == null) {
                changed = true;
            } else {
                sealed.add(segment);
                size += segment.end;
                pending += segment.records;
            }
        }
        if (changed) {
            syncDirectory();
        }
    }

    /** The segment as recovered, or null when it was deleted or set aside. */
    private Segment recover(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long length = channel.size();
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
            if (length >= HEADER_BYTES) {
                readFully(channel, header, 0);
                header.flip();
            }
            boolean validHeader = length >= HEADER_BYTES && header.getInt(0) == SEGMENT_MAGIC
                    && header.getInt(4) >>> 24 != 0 && (header.getInt(4) & 0xFFFFFF) == 0;
            if (!validHeader && length <= HEADER_BYTES) {
                LOG.log(System.Logger.Level.WARNING, "Deleting the usage journal segment " + path + ": it was being "
                        + "made at a crash and holds no group");
                channel.close();
                Files.delete(path);
                return null;
            }
            if (!validHeader) {
                channel.close();
                Path aside = path.resolveSibling(path.getFileName() + ".damaged");
                Files.move(path, aside, StandardCopyOption.ATOMIC_MOVE);
                LOG.log(System.Logger.Level.ERROR, "The usage journal segment " + path + " has no valid header, so "
                        + "none of its " + length + " bytes can be checked: moved to " + aside + " for an operator");
                return null;
            }
            int version = header.get(4) & 0xFF;
            if (version != FORMAT_VERSION) {
                throw new IOException("The usage journal segment " + path + " is of format version " + version
                        + "; this version reads " + FORMAT_VERSION);
            }
            Segment segment = new Segment(path, new byte[SALT_BYTES]);
            header.position(8);
            header.get(segment.salt);
            Groups groups = new Groups(channel, segment.salt, length);
            for (byte[] payload = groups.next(); payload != null; payload = groups.next()) {
                segment.records += ByteBuffer.wrap(payload).getInt();
            }
            for (Groups.Damage damage : groups.damage) {
                keepDamaged(path, channel, damage, true);
            }
            segment.end = length;
            if (groups.tornFrom >= 0) {
                LOG.log(System.Logger.Level.WARNING, "Cutting the usage journal segment " + path + " at offset "
                        + groups.tornFrom + ": the " + (length - groups.tornFrom) + " bytes after it are the torn "
                        + "tail of a group being appended at a crash, never acknowledged");
                channel.truncate(groups.tornFrom);
                channel.force(true);
                segment.end = groups.tornFrom;
            }
            return segment;
        }
    }

    /**
     * Copies unreadable bytes in the middle of a segment to a file of their own, and says so: on
     * every open while the segment is there, and on a replay only when it finds them first.
     */
    private void keepDamaged(Path path, FileChannel channel, Groups.Damage damage, boolean onOpen)
            throws IOException {
        Path copy = path.resolveSibling(path.getFileName() + ".damaged-" + damage.from());
        boolean found = !Files.exists(copy);
        if (found) {
            ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(damage.to() - damage.from()));
            readFully(channel, bytes, damage.from());
            bytes.flip();
            Path partial = path.resolveSibling(copy.getFileName() + ".partial");
            try (FileChannel out = FileChannel.open(partial, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                writeFully(out, bytes, 0);
                out.force(true);
            }
            Files.move(partial, copy, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory();
        }
        if (found || onOpen) {
            LOG.log(System.Logger.Level.ERROR, "The usage journal segment " + path + " is damaged from offset "
                    + damage.from() + " for " + (damage.to() - damage.from()) + " bytes; the groups after it are "
                    + "kept. The usage records of the damaged group(s) are not replayed: their bytes are in " + copy);
        }
    }

    /**
     * The groups of one segment, read and checked in order, from its header to {@code end}. A
     * frame that does not check is passed over up to the next one that does; unreadable bytes
     * with a valid frame after them are {@link #damage}, those at the end the {@link #tornFrom torn tail}.
     */
    private static final class Groups {

        /** Unreadable bytes, from offset {@code from} up to {@code to}. */
        record Damage(long from, long to) {
        }

        private static final int SCAN_CHUNK = 64 * 1024;

        private final FileChannel channel;
        private final byte[] salt;
        private final long end;
        private final ByteBuffer frameHeader = ByteBuffer.allocate(FRAME_HEADER_BYTES);
        private long position = HEADER_BYTES;
        final List<Damage> damage = new ArrayList<>();
        /** Where unreadable bytes up to {@code end} begin; -1 when the last frame reaches it. */
        long tornFrom = -1;

        Groups(FileChannel channel, byte[] salt, long end) {
            this.channel = channel;
            this.salt = salt;
            this.end = end;
        }

        /** Every unreadable range, the torn tail included. */
        List<Damage> damageToEnd() {
            if (tornFrom < 0) {
                return damage;
            }
            List<Damage> all = new ArrayList<>(damage);
            all.add(new Damage(tornFrom, end));
            return all;
        }

        /** The next valid group's payload; null after the last. */
        byte[] next() throws IOException {
            if (position >= end) {
                return null;
            }
            byte[] payload = payloadAt(position);
            if (payload == null) {
                long next = nextFrame(position + 1);
                if (next < 0) {
                    tornFrom = position;
                    position = end;
                    return null;
                }
                damage.add(new Damage(position, next));
                position = next;
                payload = payloadAt(position);
            }
            position += FRAME_HEADER_BYTES + payload.length;
            return payload;
        }

        /** The payload of a valid frame at {@code at}, or null when there is none. */
        private byte[] payloadAt(long at) throws IOException {
            if (end - at < FRAME_HEADER_BYTES + MIN_PAYLOAD_BYTES) {
                return null;
            }
            frameHeader.clear();
            readFully(channel, frameHeader, at);
            int magic = frameHeader.getInt(0);
            int length = frameHeader.getInt(4);
            if (magic != FRAME_MAGIC || length < MIN_PAYLOAD_BYTES || length > end - at - FRAME_HEADER_BYTES) {
                return null;
            }
            byte[] payload = new byte[length];
            readFully(channel, ByteBuffer.wrap(payload), at + FRAME_HEADER_BYTES);
            if (checksum(salt, payload, 0, length) != frameHeader.getInt(8) || ByteBuffer.wrap(payload).getInt() < 1) {
                return null;
            }
            return payload;
        }

        /** The offset of the first valid frame from {@code from} on, or -1. */
        private long nextFrame(long from) throws IOException {
            ByteBuffer chunk = ByteBuffer.allocate(SCAN_CHUNK);
            for (long base = from; end - base >= FRAME_HEADER_BYTES + MIN_PAYLOAD_BYTES; ) {
                chunk.clear().limit((int) Math.min(SCAN_CHUNK, end - base));
                readFully(channel, chunk, base);
                int limit = chunk.limit();
                for (int i = 0; i + 4 <= limit; i++) {
                    if (chunk.getInt(i) == FRAME_MAGIC && payloadAt(base + i) != null) {
                        return base + i;
                    }
                }
                base += limit - 3;   // a magic split across two chunks is seen in the next
            }
            return -1;
        }
    }

    // ---------------------------------------------------------------------------------- files

    private static String name(long id) {
        return String.format("usage-%06d.journal", id);
    }

    private static void writeFully(FileChannel channel, ByteBuffer bytes, long at) throws IOException {
        long position = at;
        while (bytes.hasRemaining()) {
            position += channel.write(bytes, position);
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer bytes, long at) throws IOException {
        long position = at;
        while (bytes.hasRemaining()) {
            int read = channel.read(bytes, position);
            if (read < 0) {
                throw new EOFException("Unexpected end of " + channel + " at offset " + position);
            }
            position += read;
        }
    }

    /**
     * Makes the creation or deletion of a segment durable. Where a directory cannot be opened to
     * be synced (on Windows, for one), the file system is trusted to keep its names.
     */
    private void syncDirectory() throws IOException {
        if (directorySync) {
            try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
                channel.force(true);
            }
        }
    }

    private static boolean directorySyncWorks(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
            return true;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.INFO, "The directory " + directory + " cannot be synced on this platform ("
                    + e + "); the usage journal relies on the file system to keep the names of its segments");
            return false;
        }
    }

    private static void closeQuietly(FileChannel channel, IOException failure) {
        try {
            channel.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /** One segment file. Its fields change under {@link #lock}, except {@link #salt}, set once. */
    private static final class Segment {

        final Path path;
        final byte[] salt;
        /** Open for appending while it is the current segment; null once sealed. */
        FileChannel channel;
        /** The header and every whole group, in bytes: where the next group goes, and where reading stops. */
        long end;
        /** The records of its groups. */
        long records;
        /** How many of its first records a replay's sink has accepted. */
        long accepted;
        boolean deleted;

        Segment(Path path, byte[] salt) {
            this.path = path;
            this.salt = salt;
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }
}
