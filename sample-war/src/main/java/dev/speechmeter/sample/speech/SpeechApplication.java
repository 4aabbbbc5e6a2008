package dev.speechmeter.sample.speech;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The sample speech service. Its resources know nothing of keys or limits: the Speechmeter filter
 * declared in {@code WEB-INF/web.xml} meters {@code /v1/transcriptions} and {@code /tts}.
 */
@ApplicationPath("/")
public class SpeechApplication extends Application {
}
