package dev.speechmeter.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
