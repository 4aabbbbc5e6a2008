package dev.speechmeter.internal.engine;

import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Costs;
import dev.speechmeter.spi.LabelSet;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.spi.UsageRecord;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A usage record in bytes, for the {@link UsageJournal}: every field a store writes, so that a
 * record read back makes the very same usage entry, daily totals and capacity debits as the
 * record that was written.
 *
 * <p>Of the {@link Caller}, only the three ids the store keeps are written: the key's id (for a
 * temporary key, its parent's, as the entry stores it), the project and the organization. The
 * caller read back has {@link Limits#none()} at both levels, no permissions and no temporary
 * grant: the store never reads them, and a temporary key's client reference id is already
 * stamped on the record itself. Everything else comes back exactly: nulls stay null, strings
 * keep every char (even an unpaired surrogate), instants keep their nanoseconds, costs keep
 * their unscaled value and scale.
 *
 * <p>Layout, after the format version byte ({@value #VERSION}): request id, correlation id,
 * key id, project id, organization id, request scope, endpoint, method, status code, client
 * reference id, start and end time, the usage (model, then its six counts), the four costs,
 * then the labels. A UUID is two longs; an instant its epoch second (long) and nanosecond
 * (int); a cost its scale (int) and the two's-complement bytes of its unscaled value, counted
 * by an int; a string a tag byte ({@code 0} null, {@code 1} UTF-8, {@code 2} UTF-16 chars for a
 * string with an unpaired surrogate, which UTF-8 cannot carry) then an int count and the
 * bytes or chars; the labels a byte {@code 0} (none) or {@code 1} then three strings.
 */
final class UsageRecordCodec {

    /** The format written; reading any other than this or {@link #VERSION_1} fails. */
    static final int VERSION = 2;
    /** The format without channels, language and tags. */
    static final int VERSION_1 = 1;

    private static final int NULL = 0;
    private static final int UTF_8 = 1;
    private static final int UTF_16 = 2;

    private UsageRecordCodec() {
    }

    static void write(UsageRecord record, DataOutput out) throws IOException {
        out.writeByte(VERSION);
        writeUuid(out, record.requestId());
        writeString(out, record.correlationId());
        writeUuid(out, record.caller().apiKeyId());
        writeUuid(out, record.caller().projectId());
        writeUuid(out, record.caller().organizationId());
        writeString(out, record.requestScope());
        writeString(out, record.endpoint());
        writeString(out, record.method());
        out.writeInt(record.statusCode());
        writeString(out, record.clientReferenceId());
        writeInstant(out, record.startTime());
        writeInstant(out, record.endTime());
        Usage usage = record.usage();
        writeString(out, usage.model());
        out.writeLong(usage.inputTextTokens());
        out.writeLong(usage.inputAudioTokens());
        out.writeLong(usage.inputAudioDurationMs());
        out.writeLong(usage.outputTextTokens());
        out.writeLong(usage.outputAudioTokens());
        out.writeLong(usage.outputAudioDurationMs());
        Costs costs = record.costs();
        writeDecimal(out, costs.inputTextCostUsd());
        writeDecimal(out, costs.inputAudioCostUsd());
        writeDecimal(out, costs.outputTextCostUsd());
        writeDecimal(out, costs.outputAudioCostUsd());
        LabelSet labels = record.labels();
        if (labels == null) {
            out.writeByte(0);
        } else {
            out.writeByte(1);
            writeString(out, labels.technology());
            writeString(out, labels.vendor());
            writeString(out, labels.operation());
        }
        out.writeInt(usage.channels());
        writeString(out, usage.language());
        out.writeInt(usage.tags().size());
        for (String tag : usage.tags()) {
            writeString(out, tag);
        }
    }

    /**
     * Reads one record written by {@link #write}.
     *
     * @throws IOException when the bytes end early, are of another format version, or do not make
     *                     a valid record
     */
    static UsageRecord read(DataInput in) throws IOException {
        int version = in.readUnsignedByte();
        if (version != VERSION && version != VERSION_1) {
            throw new IOException("Usage record format version " + version + " is not known (this version reads "
                    + VERSION_1 + " and " + VERSION + ")");
        }
        try {
            UUID requestId = readUuid(in);
            String correlationId = readString(in);
            Caller caller = new Caller(readUuid(in), readUuid(in), readUuid(in), Limits.none(), Limits.none(),
                    Set.of(), null);
            String requestScope = readString(in);
            String endpoint = readString(in);
            String method = readString(in);
            int statusCode = in.readInt();
            String clientReferenceId = readString(in);
            Instant startTime = readInstant(in);
            Instant endTime = readInstant(in);
            String model = readString(in);
            long[] counts = {in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong()};
            Costs costs = new Costs(readDecimal(in), readDecimal(in), readDecimal(in), readDecimal(in));
            int labelTag = in.readUnsignedByte();
            LabelSet labels = switch (labelTag) {
                case 0 -> null;
                case 1 -> new LabelSet(readString(in), readString(in), readString(in));
                default -> throw new IOException("Unknown label tag " + labelTag);
            };
            int channels = 1;
            String language = null;
            List<String> tags = List.of();
            if (version == VERSION) {
                channels = in.readInt();
                language = readString(in);
                tags = readTags(in);
            }
            Usage usage = new Usage(model, counts[0], counts[1], counts[2], counts[3], counts[4], counts[5],
                    channels, language, tags);
            return new UsageRecord(requestId, correlationId, caller, requestScope, endpoint, method, statusCode,
                    clientReferenceId, startTime, endTime, usage, costs, labels);
        } catch (IllegalArgumentException | NullPointerException | DateTimeException e) {
            throw new IOException("Not a valid usage record: " + e.getMessage(), e);
        }
    }

    private static List<String> readTags(DataInput in) throws IOException {
        int count = count(in);
        if (count > Usage.MAX_TAGS) {
            throw new IOException("Too many tags: " + count);
        }
        List<String> tags = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            tags.add(readString(in));
        }
        return tags;
    }

    private static void writeUuid(DataOutput out, UUID id) throws IOException {
        out.writeLong(id.getMostSignificantBits());
        out.writeLong(id.getLeastSignificantBits());
    }

    private static UUID readUuid(DataInput in) throws IOException {
        return new UUID(in.readLong(), in.readLong());
    }

    private static void writeInstant(DataOutput out, Instant instant) throws IOException {
        out.writeLong(instant.getEpochSecond());
        out.writeInt(instant.getNano());
    }

    private static Instant readInstant(DataInput in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }

    private static void writeDecimal(DataOutput out, BigDecimal value) throws IOException {
        out.writeInt(value.scale());
        byte[] unscaled = value.unscaledValue().toByteArray();
        out.writeInt(unscaled.length);
        out.write(unscaled);
    }

    private static BigDecimal readDecimal(DataInput in) throws IOException {
        int scale = in.readInt();
        byte[] unscaled = new byte[count(in)];
        in.readFully(unscaled);
        if (unscaled.length == 0) {
            throw new IOException("A cost without digits");
        }
        return new BigDecimal(new BigInteger(unscaled), scale);
    }

    private static void writeString(DataOutput out, String value) throws IOException {
        if (value == null) {
            out.writeByte(NULL);
        } else if (wellFormed(value)) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            out.writeByte(UTF_8);
            out.writeInt(bytes.length);
            out.write(bytes);
        } else {
            out.writeByte(UTF_16);
            out.writeInt(value.length());
            out.writeChars(value);
        }
    }

    private static String readString(DataInput in) throws IOException {
        int tag = in.readUnsignedByte();
        switch (tag) {
            case NULL:
                return null;
            case UTF_8: {
                byte[] bytes = new byte[count(in)];
                in.readFully(bytes);
                return new String(bytes, StandardCharsets.UTF_8);
            }
            case UTF_16: {
                char[] chars = new char[count(in)];
                for (int i = 0; i < chars.length; i++) {
                    chars[i] = in.readChar();
                }
                return new String(chars);
            }
            default:
                throw new IOException("Unknown string tag " + tag);
        }
    }

    private static int count(DataInput in) throws IOException {
        int count = in.readInt();
        if (count < 0) {
            throw new IOException("A negative length: " + count);
        }
        return count;
    }

    /** True when every surrogate is half of a pair: only then does UTF-8 give back the same chars. */
    private static boolean wellFormed(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
