package dev.speechmeter.internal.engine;

import dev.speechmeter.UsageContext;
import dev.speechmeter.spi.Costs;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.spi.UsageRecord;
import java.math.BigDecimal;

/**
 * Makes a usage record fit every supported database before it is queued, so that no value an
 * endpoint or a client chose can make the store refuse it (and, before the ledger isolates it,
 * fail the batch it shares with other tenants' entries). The rules, applied to each text field:
 * <ol>
 *   <li>a NUL character and a lone UTF-16 surrogate (neither can be stored as UTF-8 text) become
 *       U+FFFD, the replacement character;</li>
 *   <li>text longer than its column is cut to the column's length, never between the two halves
 *       of a character outside the Basic Multilingual Plane.</li>
 * </ol>
 * Each cost is capped at {@value #MAX_COST_TEXT} USD, so that their sum fits the cost columns
 * ({@code numeric(20, 6)}). A usage's language and tags need none of this: {@link Usage} admits
 * only what the columns hold. Nothing else changes; a record that needs none of this is returned as it is.
 */
public final class StorableRecords {

    /** Column lengths of {@code sm_usage_entry}, in characters. */
    public static final int MAX_CORRELATION_ID = 128;
    public static final int MAX_REQUEST_SCOPE = 64;
    public static final int MAX_ENDPOINT = 2048;
    public static final int MAX_METHOD = 16;
    public static final int MAX_CLIENT_REFERENCE_ID = UsageContext.MAX_CLIENT_REFERENCE_ID_LENGTH;
    public static final int MAX_MODEL = 256;
    static final String MAX_COST_TEXT = "24999999999999.999999";
    /** A quarter of the largest {@code numeric(20, 6)}: the four parts of a cost sum to at most that. */
    public static final BigDecimal MAX_COST = new BigDecimal(MAX_COST_TEXT);

    private StorableRecords() {
    }

    public static UsageRecord storable(UsageRecord record) {
        String correlationId = text(record.correlationId(), MAX_CORRELATION_ID);
        String requestScope = text(record.requestScope(), MAX_REQUEST_SCOPE);
        String endpoint = text(record.endpoint(), MAX_ENDPOINT);
        String method = text(record.method(), MAX_METHOD);
        String clientReferenceId = text(record.clientReferenceId(), MAX_CLIENT_REFERENCE_ID);
        Usage usage = record.usage();
        String model = text(usage.model(), MAX_MODEL);
        if (model != usage.model()) {
            usage = usage.withModel(model);
        }
        Costs costs = record.costs();
        if (exceeds(costs)) {
            costs = new Costs(capped(costs.inputTextCostUsd()), capped(costs.inputAudioCostUsd()),
                    capped(costs.outputTextCostUsd()), capped(costs.outputAudioCostUsd()));
        }
        if (correlationId == record.correlationId() && requestScope == record.requestScope()
                && endpoint == record.endpoint() && method == record.method()
                && clientReferenceId == record.clientReferenceId() && usage == record.usage()
                && costs == record.costs()) {
            return record;
        }
        return new UsageRecord(record.requestId(), correlationId, record.caller(), requestScope, endpoint, method,
                record.statusCode(), clientReferenceId, record.startTime(), record.endTime(), usage, costs,
                record.labels());
    }

    /** The text as a column of {@code maxLength} characters can hold it; the same instance when it already can. */
    static String text(String value, int maxLength) {
        if (value == null) {
            return null;
        }
        String clean = value;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\0' || Character.isSurrogate(c) && !pairedAt(value, i)) {
                clean = replaceUnstorable(value);
                break;
            }
            if (Character.isHighSurrogate(c)) {
                i++;   // its low half, checked by pairedAt
            }
        }
        if (clean.length() <= maxLength) {
            return clean;
        }
        int end = maxLength;
        if (Character.isHighSurrogate(clean.charAt(end - 1))) {
            end--;
        }
        return clean.substring(0, end);
    }

    private static boolean pairedAt(String value, int i) {
        char c = value.charAt(i);
        return Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
    }

    private static String replaceUnstorable(String value) {
        StringBuilder clean = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\0') {
                clean.append('\uFFFD');
            } else if (Character.isSurrogate(c)) {
                if (pairedAt(value, i)) {
                    clean.append(c).append(value.charAt(++i));
                } else {
                    clean.append('\uFFFD');
                }
            } else {
                clean.append(c);
            }
        }
        return clean.toString();
    }

    private static boolean exceeds(Costs costs) {
        return costs.inputTextCostUsd().compareTo(MAX_COST) > 0 || costs.inputAudioCostUsd().compareTo(MAX_COST) > 0
                || costs.outputTextCostUsd().compareTo(MAX_COST) > 0
                || costs.outputAudioCostUsd().compareTo(MAX_COST) > 0;
    }

    private static BigDecimal capped(BigDecimal cost) {
        return cost.compareTo(MAX_COST) > 0 ? MAX_COST : cost;
    }
}
