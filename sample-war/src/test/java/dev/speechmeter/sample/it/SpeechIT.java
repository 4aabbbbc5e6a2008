package dev.speechmeter.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.sample.audio.WavInfo;
import dev.speechmeter.sample.audio.WavReader;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The text-to-speech endpoint behind the filter, on a real WildFly, called over HTTP. */
class SpeechIT extends SampleIT {

    @Test
    void speaksLongerForLongerTextAndRecordsTheAudioItMade() throws Exception {
        Tenant tenant = client.newTenant(null, null);

        HttpResponse<byte[]> hello = client.speak(tenant.authorization(), "{\"text\": \"Hello\"}");
        HttpResponse<byte[]> sentence = client.speak(tenant.authorization(),
                "{\"text\": \"Hello from the Speechmeter sample service\", \"client_reference_id\": \"order-42\"}");

        assertThat(hello.statusCode()).isEqualTo(200);
        assertThat(sentence.statusCode()).isEqualTo(200);
        assertThat(sentence.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("audio/wav"));
        WavInfo helloWav = WavReader.read(new ByteArrayInputStream(hello.body()));
        WavInfo sentenceWav = WavReader.read(new ByteArrayInputStream(sentence.body()));
        assertThat(helloWav.sampleRate()).isEqualTo(16_000);
        assertThat(helloWav.channels()).isEqualTo(1);
        assertThat(helloWav.bitsPerSample()).isEqualTo(16);
        assertThat(helloWav.duration()).isEqualTo(Duration.ofMillis(5 * 60));
        assertThat(sentenceWav.duration()).isEqualTo(Duration.ofMillis(41 * 60));

        JsonObject entry = client.usageEntry(sentence.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(entry).isNotNull();
        assertThat(entry.getJsonNumber("output_audio_duration_ms").longValue()).isEqualTo(41 * 60);
        assertThat(entry.getJsonNumber("input_text_tokens").longValue()).isEqualTo(6);
        assertThat(entry.getString("model")).isEqualTo("tts-sample");
        assertThat(entry.getString("client_reference_id")).isEqualTo("order-42");
        assertThat(entry.getString("request_scope")).isEqualTo("tts_rest");
        assertThat(entry.getBoolean("billable")).isTrue();
    }
}
