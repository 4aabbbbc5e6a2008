package dev.speechmeter.sample.it.host;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The host's Jackson-based resource: its answer is a bean whose JSON name only Jackson reads
 * ({@code greeting_text}; JSON-B would write {@code text}).
 */
@Path("greeting")
public class GreetingResource {

    public static final class Greeting {

        @JsonProperty("greeting_text")
        public String text = "hello from the host";
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Greeting greeting() {
        return new Greeting();
    }
}
