package dev.speechmeter.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechmeter.spi.LabelSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one set of rules an endpoint declaration follows, whichever door declares it. */
class MeteredEndpointTest {

    private static final List<String> POOLS = List.of("transcribe", "tts");

    @Test
    void aGoodDeclarationBecomesAnEndpoint() {
        assertThat(MeteredEndpoint.declared("transcribe_async", "transcribe", "async", "speech_to_text", "acme",
                "transcribe", POOLS)).isEqualTo(new MeteredEndpoint("transcribe_async", "transcribe",
                ProcessingMethod.ASYNC, new LabelSet("speech_to_text", "acme", "transcribe")));
    }

    @Test
    void anEmptyPoolAndEmptyLabelsMeanNone() {
        MeteredEndpoint endpoint = MeteredEndpoint.declared("tts_rest", "", "sync", "", "", "", POOLS);

        assertThat(endpoint.pool()).isNull();
        assertThat(endpoint.labels()).isNull();
        assertThat(endpoint.method()).isEqualTo(ProcessingMethod.SYNC);
    }

    @Test
    void everyProblemIsNamedAtOnce() {
        assertThatThrownBy(() -> MeteredEndpoint.declared("Bad-Scope", "gpu", "batch", "speech_to_text", null, null,
                POOLS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scope 'Bad-Scope' must be set")
                .hasMessageContaining("unknown pool 'gpu'; the pools are [transcribe, tts]")
                .hasMessageContaining("method 'batch' must be one of [sync, async, streaming]")
                .hasMessageContaining("capacity labels go together");
    }

    @Test
    void aLabelOutsideItsRulesIsNamed() {
        assertThatThrownBy(() -> MeteredEndpoint.declared("x", null, "sync", "lip_reading", "acme", "read", POOLS))
                .hasMessageContaining("technology 'lip_reading' is not one of");
    }

    @Test
    void anEndpointNamesAllThreeLabelsNeverASubsetAsACapacityMay() {
        assertThatThrownBy(() -> new MeteredEndpoint("transcribe_async", "transcribe", ProcessingMethod.SYNC,
                LabelSet.technology("speech_to_text"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("technology, vendor and operation");
    }

    @Test
    void theMethodsHaveTheirWireNames() {
        assertThat(ProcessingMethod.wireNames()).containsExactly("sync", "async", "streaming");
        assertThat(ProcessingMethod.of("streaming")).isEqualTo(ProcessingMethod.STREAMING);
    }
}
