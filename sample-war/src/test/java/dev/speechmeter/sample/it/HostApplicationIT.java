package dev.speechmeter.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URL;
import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An application that has its own persistence unit and injects its entity manager without a unit
 * name, a JAX-RS application that lists its classes under {@code /api} and prefers Jackson,
 * deploys with Speechmeter added to it: the server knows of the application's unit only, the
 * application keeps its own JPA and Jackson, its speech endpoint is metered, Speechmeter's keys and
 * usage are in the server's default data source, and of Speechmeter's REST endpoints only the
 * group it turned on answers.
 */
@ExtendWith(ArquillianExtension.class)
class HostApplicationIT {

    @ArquillianResource
    URL baseUrl;

    @ArquillianResource
    ManagementClient management;

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
    void theServerSeesTheHostsPersistenceUnitOnly() throws IOException {
        ModelNode read = Operations.createOperation("read-children-names",
                Operations.createAddress("deployment", "host.war", "subsystem", "jpa"));
        read.get("child-type").set("hibernate-persistence-unit");

        ModelNode units = management.getControllerClient().execute(read);

        assertThat(Operations.isSuccessfulOutcome(units)).as(units.toString()).isTrue();
        assertThat(Operations.readResult(units).asList()).extracting(ModelNode::asString)
                .containsExactly("host.war#host");
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

    @Test
    void theHostsJacksonResourceKeepsJackson() {
        HttpResponse<String> greeting = host.get("api/greeting", null);

        assertThat(greeting.statusCode()).as(greeting.body()).isEqualTo(200);
        assertThat(SampleClient.json(greeting.body()).getString("greeting_text")).isEqualTo("hello from the host");
    }

    @Test
    void speechmetersUsageGroupAnswersUnderTheHostsApplicationPathInJson() {
        HttpResponse<String> anonymous = host.get("api/v1/usage-logs", null);
        assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);
        assertThat(SampleClient.json(anonymous.body()).getString("error_type")).isEqualTo("unauthenticated");

        JsonObject tenant = host.newTenant();
        String key = "Bearer " + tenant.getString("api_key");
        assertThat(host.speak(key, "hello").statusCode()).isEqualTo(200);
        HttpResponse<String> logs = host.usageLogsAroundNow("api/v1/usage-logs", key);

        assertThat(logs.statusCode()).as(logs.body()).isEqualTo(200);
        assertThat(SampleClient.json(logs.body()).getJsonArray("usage_logs")).hasSize(1);
        assertThat(SampleClient.json(logs.body()).getJsonArray("usage_logs").getJsonObject(0).getString("request_scope"))
                .isEqualTo("host_speech");
    }

    @Test
    void aGroupTheHostDidNotTurnOnIsNotThere() {
        String key = "Bearer " + host.newTenant().getString("api_key");

        HttpResponse<String> billing = host.get("api/api/billing/capacities", key);
        assertThat(billing.statusCode()).as(billing.body()).isEqualTo(404);
        assertThat(SampleClient.json(billing.body()).getString("error_type")).isEqualTo("not_found");

        HttpResponse<String> admin = host.get("api/v1/admin/organizations", key);
        assertThat(admin.statusCode()).as("not listed by the host's Application").isEqualTo(404);
    }
}
