package dev.speechmeter.sample.speech;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LiveTranscriptTest {

    private final LiveTranscript transcript = new LiveTranscript(new SampleRecognizer());

    @Test
    void wordsComeNonFinalThenFinalWithTheTimesOfTheAudio() {
        assertThat(transcript.heard(Duration.ofMillis(399))).as("no word heard yet").isNull();

        JsonObject first = transcript.heard(Duration.ofMillis(800));
        assertThat(first.getJsonArray("tokens")).hasSize(2)
                .allSatisfy(token -> assertThat(token.asJsonObject().getBoolean("is_final")).isFalse());
        assertThat(first.getInt("total_audio_proc_ms")).isEqualTo(800);
        assertThat(first.getInt("final_audio_proc_ms")).isZero();

        JsonObject later = transcript.heard(Duration.ofMillis(2_000));
        assertThat(later.getJsonArray("tokens").getJsonObject(0).getBoolean("is_final")).isTrue();
        assertThat(later.getJsonArray("tokens").getJsonObject(0).getString("text")).isEqualTo("The");
        assertThat(later.getJsonArray("tokens").getJsonObject(0).getInt("end_ms")).isEqualTo(400);
        assertThat(later.getInt("final_audio_proc_ms")).isEqualTo(800);
        assertThat(transcript.finalTokens()).isEqualTo(2);
    }

    @Test
    void finalizeMakesEveryWordFinalAndEndsWithFin() {
        transcript.heard(Duration.ofMillis(1_000));

        JsonObject result = transcript.finalizeAll(true);

        assertThat(result.getJsonArray("tokens")).extracting(token -> token.asJsonObject().getString("text"))
                .containsExactly("The", " North", "<fin>");
        assertThat(result.getJsonArray("tokens")).allSatisfy(token -> assertThat(token.asJsonObject()
                .getBoolean("is_final")).isTrue());
        assertThat(result.getInt("final_audio_proc_ms")).isEqualTo(1_000);
        assertThat(transcript.finished().getBoolean("finished")).isTrue();
        assertThat(transcript.finished().get("tokens")).isEqualTo(JsonValue.EMPTY_JSON_ARRAY);
        assertThat(transcript.finalTokens()).isEqualTo(2);
    }
}
