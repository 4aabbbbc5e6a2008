package dev.speechmeter.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A metered endpoint that fails answers {@code 500 internal_error} in the error shape, whether the
 * filter's mapping or {@code @Metered} meters it: the server's request id to quote, nothing of the
 * failure itself, and the request is recorded as failed and billed nothing.
 */
class InternalErrorIT extends SampleIT {

    @ParameterizedTest
    @ValueSource(strings = {FailingWorkResource.MAPPED, "/test-support/failing/annotated"})
    void aFailingMeteredEndpointAnswersInternalErrorInTheErrorShapeAndCostsNothing(String path) {
        Tenant tenant = client.newTenant(null, null);

        HttpResponse<String> failed = client.postJson(tenant.authorization(), path, "{}");

        assertThat(failed.statusCode()).as(failed.body()).isEqualTo(500);
        assertThat(failed.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
        String requestId = failed.headers().firstValue("X-Request-Id").orElseThrow();
        JsonObject error = SampleClient.json(failed.body());
        assertThat(error.keySet()).containsExactlyInAnyOrder("status_code", "error_type", "message",
                "validation_errors", "request_id");
        assertThat(error.getInt("status_code")).isEqualTo(500);
        assertThat(error.getString("error_type")).isEqualTo("internal_error");
        assertThat(error.getJsonArray("validation_errors")).isEmpty();
        assertThat(error.getString("request_id")).isEqualTo(requestId);
        assertThat(failed.body()).doesNotContain("SELECT", "sm_api_key", "sk_live", "IllegalStateException", "at dev.",
                tenant.apiKey());

        HttpResponse<String> listed = SampleClient.pollUntil(() -> client.get(tenant.authorization(),
                "/v1/projects/" + tenant.projectId() + "/requests/" + requestId), r -> r.statusCode() == 200);
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        assertThat(SampleClient.json(listed.body()).getJsonObject("request").getInt("code")).isEqualTo(500);
        assertThat(client.projectUsage(tenant.projectId()).getInt("billable")).as("billed nothing").isZero();
    }
}
