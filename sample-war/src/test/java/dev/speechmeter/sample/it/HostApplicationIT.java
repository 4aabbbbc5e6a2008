package dev.speechmeter.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.net.URL;
import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An application that has its own persistence unit and injects its entity manager without a unit
 * name deploys with Speechmeter added to it, keeps its own JPA, and has its speech endpoint
 * metered, Speechmeter's keys and usage in the server's default data source.
 */
@ExtendWith(ArquillianExtension.class)
class HostApplicationIT {

    @ArquillianResource
    URL baseUrl;

    HostClient host;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return HostDeployment.named("host");
    }

    @BeforeEach
    void connect() {
        host = new HostClient(baseUrl);
    }

    @Test
    void theHostsOwnPersistenceUnitStillWorks() {
        HttpResponse<String> added = host.addNote("a note of the host");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);

        HttpResponse<String> read = host.note(added.body());

        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(read.body()).isEqualTo("a note of the host");
        assertThat(read.headers().firstValue("X-Request-Id")).as("not metered").isEmpty();
    }

    @Test
    void theHostsSpeechEndpointIsMeteredIntoTheDefaultDataSource() {
        HttpResponse<String> anonymous = host.speak(null, "hello");
        assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);
        assertThat(SampleClient.json(anonymous.body()).getString("error_type")).isEqualTo("unauthenticated");

        JsonObject tenant = host.newTenant();
        HttpResponse<String> spoken = host.speak("Bearer " + tenant.getString("api_key"), "hello");

        assertThat(spoken.statusCode()).as(spoken.body()).isEqualTo(200);
        assertThat(spoken.body()).isEqualTo("spoken: hello");
        assertThat(spoken.headers().firstValue("X-Request-Id")).isPresent();
        assertThat(host.usage(tenant.getString("project_id"), "java:comp/DefaultDataSource").getInt("entries"))
                .isEqualTo(1);
    }
}
