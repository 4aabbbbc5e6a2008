package dev.speechmeter.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelSetTest {

    @Test
    void aLabelSetOfAKnownTechnologyAndFreeVendorAndOperation() {
        LabelSet labels = new LabelSet("speech_to_text", "whisper", "transcribe");

        assertThat(labels).isEqualTo(new LabelSet("speech_to_text", "whisper", "transcribe"));
        assertThat(labels).isNotEqualTo(new LabelSet("speech_to_text", "whisper", "diarize"));
        assertThat(LabelSet.TECHNOLOGIES).hasSize(7).contains("speaker_diarization");
    }

    @ParameterizedTest
    @CsvSource({
        "speech-to-text, whisper, transcribe, technology",
        "speech_to_text, '',      transcribe, vendor",
        "speech_to_text, whis per, transcribe, vendor",
        "speech_to_text, whisper, -diarize,   operation",
    })
    void aBadLabelIsRefusedNamingIt(String technology, String vendor, String operation, String named) {
        assertThatThrownBy(() -> new LabelSet(technology, vendor, operation))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(named);
    }

    @Test
    void aCapacitysLabelsNameOneTwoOrThreeAndApplyToEveryRequestThatHasThem() {
        LabelSet request = new LabelSet("speech_to_text", "whisper", "transcribe");

        assertThat(LabelSet.technology("speech_to_text").appliesTo(request)).isTrue();
        assertThat(new LabelSet(null, "whisper", null).appliesTo(request)).isTrue();
        assertThat(new LabelSet("speech_to_text", null, "transcribe").appliesTo(request)).isTrue();
        assertThat(request.appliesTo(request)).isTrue();
        assertThat(new LabelSet("speech_to_text", null, "diarize").appliesTo(request)).isFalse();
        assertThat(LabelSet.technology("speaker_diarization").appliesTo(request)).isFalse();
        assertThat(request.isComplete()).isTrue();
        assertThat(LabelSet.technology("speech_to_text").isComplete()).isFalse();
    }

    @Test
    void onlyTheNamedLabelsAreListedAndWritten() {
        LabelSet vendorAndOperation = new LabelSet(null, "whisper", "transcribe");

        assertThat(vendorAndOperation.entries()).extracting(Map.Entry::getKey).containsExactly("vendor", "operation");
        assertThat(vendorAndOperation).hasToString("vendor=whisper, operation=transcribe");
        assertThat(new LabelSet("speech_to_text", "whisper", "transcribe"))
                .hasToString("technology=speech_to_text, vendor=whisper, operation=transcribe");
        assertThat(LabelSet.technology("speech_to_text")).isLessThan(new LabelSet("speech_to_text", "a", "b"));
    }

    @Test
    void aLabelSetNamingNoLabelIsRefused() {
        assertThatThrownBy(() -> new LabelSet(null, null, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one label");
    }
}
