package dev.speechmeter.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Temporary keys on WildFly (SPEC section 6): a backend mints one with its permanent key, a
 * browser uses it for the one usage type it grants, and every usage entry made with it carries
 * the reference it was bound to.
 */
class TemporaryKeysIT extends SampleIT {

    private static final String SPEECH = "{\"text\": \"hello from a browser\", \"client_reference_id\": \"spoofed\"}";

    @Test
    void aMintedKeySpeaksForItsProjectWithItsBoundReferenceAndNothingElse() {
        Tenant tenant = client.newTenant(null, null);
        Instant before = Instant.now();

        HttpResponse<String> minted = client.postJson(tenant.authorization(), "/v1/auth/temporary-api-key",
                "{\"usage_type\": \"tts_rest\", \"expires_in_seconds\": 60, \"client_reference_id\": \"user-42\"}");

        assertThat(minted.statusCode()).as(minted.body()).isEqualTo(201);
        assertThat(minted.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonObject body = SampleClient.json(minted.body());
        String key = body.getString("api_key");
        assertThat(key).startsWith("temp:").doesNotContain(tenant.apiKey());
        assertThat(Instant.parse(body.getString("expires_at")))
                .isBetween(before.plusSeconds(59), Instant.now().plusSeconds(61));

        HttpResponse<String> spoken = client.postJson("Bearer " + key, "/tts", SPEECH);
        assertThat(spoken.statusCode()).isEqualTo(200);
        JsonObject entry = client.usageEntry(spoken.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(entry.getString("client_reference_id")).as("bound at minting, not taken from the body")
                .isEqualTo("user-42");
        assertThat(entry.getString("api_key_id")).isEqualTo(tenant.apiKeyId());
        assertThat(entry.getString("project_id")).isEqualTo(tenant.projectId());

        assertRefused(client.transcribe("Bearer " + key, TestAudio.tone(Duration.ofSeconds(1))), 403,
                "permission_denied");
        assertRefused(client.usageLogs("Bearer " + key, "start_time=" + before + "&end_time=" + Instant.now()), 403,
                "permission_denied");
        HttpResponse<String> mintedByTemporary = client.postJson("Bearer " + key, "/v1/auth/temporary-api-key",
                "{\"usage_type\": \"tts_rest\", \"expires_in_seconds\": 60}");
        assertRefused(mintedByTemporary, 400, "invalid_request");
        assertThat(SampleClient.json(mintedByTemporary.body()).getJsonArray("validation_errors").getJsonObject(0)
                .getString("location")).isEqualTo("header.authorization");
    }

    @Test
    void aSingleUseKeyServesOneRequestAndABadRequestNamesEveryBadField() {
        Tenant tenant = client.newTenant(null, null);
        String key = SampleClient.json(client.postJson(tenant.authorization(), "/v1/auth/temporary-api-key",
                "{\"usage_type\": \"tts_rest\", \"expires_in_seconds\": 30, \"single_use\": true}").body())
                .getString("api_key");

        assertThat(client.postJson("Bearer " + key, "/tts", SPEECH).statusCode()).isEqualTo(200);
        assertRefused(client.postJson("Bearer " + key, "/tts", SPEECH), 401, "unauthenticated");

        HttpResponse<String> invalid = client.postJson(tenant.authorization(), "/v1/auth/temporary-api-key",
                "{\"usage_type\": \"transcribe_async\", \"expires_in_seconds\": 7200}");
        assertRefused(invalid, 400, "invalid_request");
        assertThat(SampleClient.json(invalid.body()).getJsonArray("validation_errors"))
                .extracting(error -> error.asJsonObject().getString("location"))
                .containsExactlyInAnyOrder("body.usage_type", "body.expires_in_seconds");
        assertRefused(client.postJson("Bearer " + key.substring(0, key.length() - 3), "/tts", SPEECH), 401,
                "unauthenticated");
    }

    @Test
    void aDeepgramGrantSpeaksOnEverySpeechEndpointForItsTime() {
        Tenant tenant = client.newTenant(null, null);

        HttpResponse<String> granted = client.postJson("Token " + tenant.apiKey(), "/v1/auth/grant", "{\"ttl_seconds\": 60}");

        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
        JsonObject body = SampleClient.json(granted.body());
        assertThat(body.getInt("expires_in")).isEqualTo(60);
        String token = "Bearer " + body.getString("access_token");
        assertThat(client.postJson(token, "/tts", SPEECH).statusCode()).isEqualTo(200);
        assertThat(client.transcribe(token, TestAudio.tone(Duration.ofSeconds(1))).statusCode()).isEqualTo(200);
        assertRefused(client.get(token, "/v1/concurrency-limits"), 403, "permission_denied");
        assertThat(SampleClient.json(client.postJson(tenant.authorization(), "/v1/auth/grant", "").body())
                .getInt("expires_in")).as("the default").isEqualTo(30);
        HttpResponse<String> tooLong = client.postJson(tenant.authorization(), "/v1/auth/grant", "{\"ttl_seconds\": 3601}");
        assertRefused(tooLong, 400, "invalid_request");
    }

    @Test
    void aKeyMintedToReadUsageReadsUsageAndNothingElse() {
        Tenant tenant = client.newTenant(null, null);
        assertThat(client.postJson(tenant.authorization(), "/tts", SPEECH).statusCode()).isEqualTo(200);
        HttpResponse<String> minted = client.postJson(tenant.authorization(), "/v1/auth/temporary-api-key",
                "{\"usage_type\": \"usage:read\", \"expires_in_seconds\": 60}");
        assertThat(minted.statusCode()).as(minted.body()).isEqualTo(201);
        String key = "Bearer " + SampleClient.json(minted.body()).getString("api_key");
        Instant now = Instant.now();

        for (String read : new String[] {"/v1/concurrency-limits", "/api/billing/capacities", "/v1/projects",
                "/v1/projects/" + tenant.projectId() + "/requests", "/v1/usage/summary?start_time="
                + now.minus(Duration.ofDays(1)) + "&end_time=" + now.plusSeconds(1)}) {
            assertThat(client.get(key, read).statusCode()).as(read).isEqualTo(200);
        }
        assertThat(SampleClient.json(client.usageLogs(key, "start_time=" + now.minus(Duration.ofHours(1)) + "&end_time="
                + now.plusSeconds(60)).body()).getJsonArray("usage_logs")).hasSize(1);
        assertRefused(client.postJson(key, "/tts", SPEECH), 403, "permission_denied");
        assertRefused(client.transcribe(key, TestAudio.tone(Duration.ofSeconds(1))), 403, "permission_denied");
        assertRefused(client.postJson(key, "/v1/auth/temporary-api-key",
                "{\"usage_type\": \"usage:read\", \"expires_in_seconds\": 60}"), 400, "invalid_request");
        assertThat(client.projectUsage(tenant.projectId()).getInt("entries")).as("reads are not metered").isEqualTo(1);
    }

    private static void assertRefused(HttpResponse<String> response, int status, String errorType) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(SampleClient.json(response.body()).getString("error_type")).isEqualTo(errorType);
        assertThat(response.body()).doesNotContain("temp:").doesNotContain("Exception");
    }
}
