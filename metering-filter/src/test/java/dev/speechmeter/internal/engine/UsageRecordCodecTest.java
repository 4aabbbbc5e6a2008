package dev.speechmeter.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Costs;
import dev.speechmeter.spi.LabelSet;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.TemporaryGrant;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.spi.UsageRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsageRecordCodecTest {

    private static final Caller PERMANENT = new Caller(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
            Limits.none().with(Limits.REQUESTS_PER_MINUTE, Cap.atMost(60)),
            Limits.none().with(Limits.concurrent("transcribe"), Cap.unlimited()));
    private static final LabelSet STT = new LabelSet("speech_to_text", "whisper.v3", "transcribe");

    @Test
    void everyFieldTheStoreWritesComesBack() throws IOException {
        UsageRecord record = new UsageRecord(UUID.randomUUID(), "corr-42", PERMANENT, "transcribe_async",
                "/v1/listen", "sync", 200, "invoice-7", Instant.parse("2028-02-29T23:59:58.123456789Z"),
                Instant.parse("2028-03-01T00:00:01.000000001Z"),
                new Usage("nova-3", 1, 2, 3, 4, 5, 6, 2, "en-US", java.util.List.of("team-a", "多言語")),
                new Costs(new BigDecimal("0.000001"), new BigDecimal("1.5"), new BigDecimal("12345.678901"),
                        new BigDecimal("0.25")), STT);

        UsageRecord back = roundTrip(record);

        assertThat(back).isEqualTo(withNeutralCaller(record));
        assertThat(back.billable()).isTrue();
        assertThat(back.debitMs()).isEqualTo(3);
        assertThat(back.costs().costUsd()).isEqualTo(record.costs().costUsd());
    }

    @Test
    void theCallerComesBackWithItsIdsOnlyEvenForATemporaryKey() throws IOException {
        TemporaryGrant grant = new TemporaryGrant(UUID.randomUUID(), PERMANENT.apiKeyId(), "transcribe_websocket",
                Instant.parse("2030-01-01T00:00:00Z"), true, Duration.ofMinutes(5), "bound-reference");
        UsageRecord record = new UsageRecord(UUID.randomUUID(), null, PERMANENT.through(grant),
                "transcribe_websocket", "/v1/listen", "streaming", 200, "bound-reference", Instant.EPOCH,
                Instant.EPOCH.plusSeconds(1), Usage.NONE, Costs.ZERO);

        Caller back = roundTrip(record).caller();

        // The entry stores the key, project and organization; limits, permissions and the grant it never reads.
        assertThat(back.apiKeyId()).isEqualTo(PERMANENT.apiKeyId());
        assertThat(back.projectId()).isEqualTo(PERMANENT.projectId());
        assertThat(back.organizationId()).isEqualTo(PERMANENT.organizationId());
        assertThat(back.organizationLimits()).isEqualTo(Limits.none());
        assertThat(back.projectLimits()).isEqualTo(Limits.none());
        assertThat(back.permissions()).isEmpty();
        assertThat(back.temporary()).isNull();
    }

    @Test
    void nullsStayNull() throws IOException {
        UsageRecord record = new UsageRecord(UUID.randomUUID(), null, PERMANENT, "tts_rest", null, null, 500, null,
                Instant.EPOCH, Instant.EPOCH, Usage.NONE, Costs.ZERO, null);

        UsageRecord back = roundTrip(record);

        assertThat(back).isEqualTo(withNeutralCaller(record));
        assertThat(back.correlationId()).isNull();
        assertThat(back.endpoint()).isNull();
        assertThat(back.method()).isNull();
        assertThat(back.clientReferenceId()).isNull();
        assertThat(back.usage().model()).isNull();
        assertThat(back.labels()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "caf\u00e9", "\u65e5\u672c\u8a9e", "\uD83D\uDE00 \uD834\uDD1E \uD840\uDC00",
            "\u0000nul", "lone high \uD800", "\uDC00 lone low", "reversed \uDC00\uD800", "\uFFFF\uFEFF"})
    void everyStringComesBackCharForChar(String text) throws IOException {
        UsageRecord record = new UsageRecord(UUID.randomUUID(), text, PERMANENT, text, text, text, 201, text,
                Instant.EPOCH, Instant.EPOCH, new Usage(text, 0, 0, 0, 0, 0, 0), Costs.ZERO);

        UsageRecord back = roundTrip(record);

        assertThat(back).isEqualTo(withNeutralCaller(record));
        assertThat(back.correlationId().toCharArray()).containsExactly(text.toCharArray());
    }

    @Test
    void aLongStringComesBack() throws IOException {
        String text = "\uD83D\uDE00".repeat(40_000);   // 160,000 bytes in UTF-8, past what writeUTF takes

        UsageRecord back = roundTrip(new UsageRecord(UUID.randomUUID(), text, PERMANENT, "s", "/", "sync", 200,
                null, Instant.EPOCH, Instant.EPOCH, Usage.NONE, Costs.ZERO));

        assertThat(back.correlationId()).isEqualTo(text);
    }

    @Test
    void extremeValuesComeBack() throws IOException {
        Usage most = new Usage("m", Long.MAX_VALUE, Long.MAX_VALUE - 1, Long.MAX_VALUE - 2, Long.MAX_VALUE - 3,
                Long.MAX_VALUE - 4, Long.MAX_VALUE - 5);
        Costs costs = new Costs(new BigDecimal("123456789012345678901234567890123456789.000001"),
                new BigDecimal("-0.000001"), BigDecimal.ZERO, new BigDecimal("9223372036854775807.999999"));
        UsageRecord record = new UsageRecord(new UUID(-1, Long.MIN_VALUE), "c", PERMANENT, "s", "/", "sync",
                Integer.MIN_VALUE, "r", Instant.MIN, Instant.MAX, most, costs, STT);

        UsageRecord back = roundTrip(record);

        assertThat(back).isEqualTo(withNeutralCaller(record));
        assertThat(back.costs().inputTextCostUsd()).isEqualTo(costs.inputTextCostUsd());
        assertThat(back.costs().inputTextCostUsd().scale()).isEqualTo(Costs.SCALE);
        assertThat(back.startTime()).isEqualTo(Instant.MIN);
        assertThat(back.endTime()).isEqualTo(Instant.MAX);
    }

    @Test
    void aBillableLabeledRecordDebitsAndAFailedOneDoesNot() throws IOException {
        UsageRecord billed = JournalRecords.numbered(2);
        UsageRecord failed = JournalRecords.numbered(13);
        assertThat(billed.debitMs()).isPositive();
        assertThat(failed.billable()).isFalse();

        assertThat(roundTrip(billed)).isEqualTo(billed);
        assertThat(roundTrip(billed).debitMs()).isEqualTo(billed.debitMs());
        assertThat(roundTrip(failed)).isEqualTo(failed);
        assertThat(roundTrip(failed).billable()).isFalse();
    }

    @Test
    void theFormatVersionComesFirstAndAnotherOneIsRefused() throws IOException {
        byte[] bytes = write(JournalRecords.numbered(1));
        assertThat(bytes[0]).isEqualTo((byte) UsageRecordCodec.VERSION);

        bytes[0] = (byte) (UsageRecordCodec.VERSION + 1);

        assertThatThrownBy(() -> read(bytes)).isInstanceOf(IOException.class)
                .hasMessageContaining("version " + (UsageRecordCodec.VERSION + 1));
    }

    @Test
    void aRecordOfTheFirstFormatComesBackWithOneChannelNoLanguageAndNoTags() throws IOException {
        UsageRecord record = JournalRecords.numbered(3);
        byte[] current = write(record);
        // The first format is the current one without the last three fields: an int of channels,
        // a null language (one byte) and an int count of no tags.
        byte[] first = Arrays.copyOf(current, current.length - 9);
        first[0] = (byte) UsageRecordCodec.VERSION_1;

        UsageRecord back = UsageRecordCodec.read(new DataInputStream(new ByteArrayInputStream(first)));

        assertThat(back).isEqualTo(withNeutralCaller(record));
        assertThat(back.usage().channels()).isEqualTo(1);
        assertThat(back.usage().language()).isNull();
        assertThat(back.usage().tags()).isEmpty();
    }

    @Test
    void cutShortBytesFail() throws IOException {
        byte[] bytes = write(JournalRecords.numbered(2));

        for (int length = 0; length < bytes.length; length++) {
            byte[] cut = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> read(cut)).as("cut at %d of %d", length, bytes.length)
                    .isInstanceOf(EOFException.class);
        }
    }

    @Test
    void bytesThatMakeNoValidRecordFailAsIoErrors() throws IOException {
        // A technology that is not one of the SPEC's: the label set refuses it.
        UsageRecord record = JournalRecords.numbered(2);
        byte[] bytes = write(record);
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = text.lastIndexOf("speech_to_text");
        bytes[at] = 'x';

        assertThatThrownBy(() -> read(bytes)).isInstanceOf(IOException.class).hasMessageContaining("technology");
    }

    private static UsageRecord withNeutralCaller(UsageRecord record) {
        Caller caller = new Caller(record.caller().apiKeyId(), record.caller().projectId(),
                record.caller().organizationId(), Limits.none(), Limits.none(), Set.of(), null);
        return new UsageRecord(record.requestId(), record.correlationId(), caller, record.requestScope(),
                record.endpoint(), record.method(), record.statusCode(), record.clientReferenceId(),
                record.startTime(), record.endTime(), record.usage(), record.costs(), record.labels());
    }

    private static UsageRecord roundTrip(UsageRecord record) throws IOException {
        byte[] bytes = write(record);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        UsageRecord back = UsageRecordCodec.read(in);
        assertThat(in.available()).as("bytes left after the record").isZero();
        return back;
    }

    private static byte[] write(UsageRecord record) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            UsageRecordCodec.write(record, out);
        }
        return bytes.toByteArray();
    }

    private static UsageRecord read(byte[] bytes) throws IOException {
        return UsageRecordCodec.read(new DataInputStream(new ByteArrayInputStream(bytes)));
    }
}
