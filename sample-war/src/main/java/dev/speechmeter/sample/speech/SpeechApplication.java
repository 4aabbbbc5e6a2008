package dev.speechmeter.sample.speech;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;

/**
 * The sample speech service. Its resources know nothing of keys or limits: the Speechmeter filter
 * declared in {@code WEB-INF/web.xml} meters {@code /v1/transcriptions} and {@code /tts}.
 */
@ApplicationPath("/")
public class SpeechApplication extends Application {

    /**
     * Jersey (Payara, GlassFish) would answer {@code OPTIONS} on any path, and
     * {@code GET /application.wadl}, with a WADL document naming the resources' Java types; the
     * sample shows none. Other JAX-RS runtimes ignore the property.
     */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
