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
 * {@code speechmeter.rest.prefix=/metering} in the host application of {@link HostApplicationIT}
 * (its {@code Application} under {@code /api}): Speechmeter's usage logs answer at
 * {@code /api/metering/v1/usage-logs} and no longer at {@code /api/v1/usage-logs}; the host's own
 * resource and its metered endpoint are where they were.
 */
@ExtendWith(ArquillianExtension.class)
class HostPrefixIT {

    @ArquillianResource
    URL baseUrl;

    HostClient host;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return HostDeployment.withRestPrefix("host-prefixed", "/metering");
    }

    @BeforeEach
    void connect() {
        host = new HostClient(baseUrl);
    }

    @Test
    void speechmetersEndpointsAnswerUnderThePrefixOnly() {
        HttpResponse<String> anonymous = host.get("api/metering/v1/usage-logs", null);
        assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);
        assertThat(SampleClient.json(anonymous.body()).getString("error_type")).isEqualTo("unauthenticated");

        JsonObject tenant = host.newTenant();
        String key = "Bearer " + tenant.getString("api_key");
        assertThat(host.speak(key, "hello").statusCode()).isEqualTo(200);
        HttpResponse<String> logs = host.usageLogsAroundNow("api/metering/v1/usage-logs", key);
        assertThat(logs.statusCode()).as(logs.body()).isEqualTo(200);
        assertThat(SampleClient.json(logs.body()).getJsonArray("usage_logs")).hasSize(1);

        HttpResponse<String> unprefixed = host.usageLogsAroundNow("api/v1/usage-logs", key);
        assertThat(unprefixed.statusCode()).as(unprefixed.body()).isEqualTo(404);
        assertThat(SampleClient.json(unprefixed.body()).getString("error_type")).isEqualTo("not_found");

        HttpResponse<String> closed = host.get("api/metering/v1/admin/organizations", key);
        assertThat(closed.statusCode()).as("a group the host did not list stays away under the prefix too")
                .isEqualTo(404);
    }

    @Test
    void theHostsOwnResourceIsWhereItWas() {
        HttpResponse<String> greeting = host.get("api/greeting", null);

        assertThat(greeting.statusCode()).as(greeting.body()).isEqualTo(200);
        assertThat(SampleClient.json(greeting.body()).getString("greeting_text")).isEqualTo("hello from the host");
    }
}
