package dev.speechmeter.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestHeadersTest {

    @Test
    void aCorrelationIdIsPrintableAndShortOrIgnored() {
        assertThat(RequestHeaders.correlationId(name -> name.equals("X-Request-Id") ? "abc-123" : null)).isEqualTo("abc-123");
        assertThat(RequestHeaders.correlationId(name -> name.equals("X-Correlation-Id") ? "corr" : null)).isEqualTo("corr");
        assertThat(RequestHeaders.correlationId(name -> "x".repeat(128))).hasSize(128);
        assertThat(RequestHeaders.correlationId(name -> "x".repeat(129))).isNull();
        assertThat(RequestHeaders.correlationId(name -> "bad\u0007id")).isNull();
        assertThat(RequestHeaders.correlationId(name -> "caf\u00e9")).isNull();
        assertThat(RequestHeaders.correlationId(name -> null)).isNull();
    }

    @Test
    void theRequestIdHeaderWinsOverTheCorrelationIdHeader() {
        assertThat(RequestHeaders.correlationId(name -> name.equals("X-Request-Id") ? "first" : "second"))
                .isEqualTo("first");
    }
}
