package dev.speechmeter.sample.speech;

import jakarta.json.bind.annotation.JsonbProperty;

/** The body of {@code POST /tts}: {@code {"text": "...", "model": "tts-sample", "client_reference_id": "..."}}. */
public class SpeechRequest {

    public String text;

    public String model;

    @JsonbProperty("client_reference_id")
    public String clientReferenceId;
}
