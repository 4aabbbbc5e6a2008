package dev.speechmeter.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestHeadersTest {

    private static final UUID SERVER_ID = UUID.fromString("0190f3a2-7c1e-7000-8000-000000000001");

    @Test
    void aCorrelationIdIsPrintableAndShortOrIgnored() {
        assertThat(RequestHeaders.correlationId(name -> name.equals("X-Request-Id") ? "abc-123" : null, SERVER_ID))
                .isEqualTo("abc-123");
        assertThat(RequestHeaders.correlationId(name -> name.equals("X-Correlation-Id") ? "corr" : null, SERVER_ID))
                .isEqualTo("corr");
        assertThat(RequestHeaders.correlationId(name -> "x".repeat(128), SERVER_ID)).hasSize(128);
        assertThat(RequestHeaders.correlationId(name -> "x".repeat(129), SERVER_ID)).isEqualTo(SERVER_ID.toString());
        assertThat(RequestHeaders.correlationId(name -> "bad\u0007id", SERVER_ID)).isEqualTo(SERVER_ID.toString());
        assertThat(RequestHeaders.correlationId(name -> "caf\u00e9", SERVER_ID)).isEqualTo(SERVER_ID.toString());
        assertThat(RequestHeaders.correlationId(name -> "", SERVER_ID)).isEqualTo(SERVER_ID.toString());
    }

    @Test
    void withoutAnyIdFromTheClientTheServersRequestIdIsTheCorrelationId() {
        assertThat(RequestHeaders.correlationId(name -> null, SERVER_ID)).isEqualTo(SERVER_ID.toString());
    }

    @Test
    void theCorrelationIdHeaderWinsOverTheRequestIdHeader() {
        assertThat(RequestHeaders.correlationId(name -> name.equals("X-Request-Id") ? "first" : "second", SERVER_ID))
                .isEqualTo("second");
    }

    @Test
    void anUnusableCorrelationIdHeaderLeavesTheRequestIdHeader() {
        Map<String, String> sent = Map.of("X-Request-Id", "trace-7", "X-Correlation-Id", "x".repeat(129));
        assertThat(RequestHeaders.correlationId(sent::get, SERVER_ID)).isEqualTo("trace-7");
        Map<String, String> control = Map.of("X-Request-Id", "trace-8", "X-Correlation-Id", "bad\nid");
        assertThat(RequestHeaders.correlationId(control::get, SERVER_ID)).isEqualTo("trace-8");
    }
}
