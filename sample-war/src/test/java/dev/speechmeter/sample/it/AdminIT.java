package dev.speechmeter.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The admin surface on WildFly: only a server user in the role speechmeter-admin gets in; it
 * runs a tenant from organization to revoked key, and what it changes takes effect at once.
 */
class AdminIT extends SampleIT {

    private static final String ADMIN = "it-admin";
    private static final String ADMIN_PASSWORD = "it-admin-password";

    @Test
    void onlyAnAdministratorGetsIn() {
        Tenant tenant = client.newTenant(null, null);

        HttpResponse<String> anonymous = client.admin(null, null, "GET",
                "/v1/admin/projects/" + tenant.projectId() + "/keys", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"ApplicationRealm\"");
        assertThat(SampleClient.json(anonymous.body()).getString("error_type")).isEqualTo("unauthenticated");
        HttpResponse<String> user = client.admin("it-user", "it-user-password", "GET",
                "/v1/admin/projects/" + tenant.projectId() + "/keys", null);
        assertThat(user.statusCode()).isEqualTo(403);
        assertThat(SampleClient.json(user.body()).getString("error_type")).isEqualTo("permission_denied");
        assertThat(client.admin(ADMIN, "wrong", "GET", "/v1/admin/projects/" + tenant.projectId() + "/keys", null)
                .statusCode()).isEqualTo(401);
        assertThat(client.get(tenant.authorization(), "/v1/admin/projects/" + tenant.projectId() + "/keys")
                .statusCode()).as("an API key is not a server user").isEqualTo(401);
    }

    @Test
    void aCrossSiteFormPostWithTheAdministratorsCredentialsChangesNothing() {
        Tenant tenant = client.newTenant(null, null);
        String keys = "/v1/admin/projects/" + tenant.projectId() + "/keys";

        for (String type : List.of("application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x")) {
            HttpResponse<String> response = client.admin(ADMIN, ADMIN_PASSWORD, "POST", keys, type,
                    "{\"name\": \"planted\"}");
            assertThat(response.statusCode()).as(type).isEqualTo(415);
            assertThat(SampleClient.firstErrorLocation(response)).as(type).isEqualTo("header.content-type");
        }
        HttpResponse<String> noType = client.admin(ADMIN, ADMIN_PASSWORD, "POST", keys, null, "{\"name\": \"planted\"}");
        assertThat(noType.statusCode()).isEqualTo(415);

        HttpResponse<String> listed = admin("GET", keys, null);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).doesNotContain("planted");
    }

    @Test
    void anAdministratorRunsATenantFromOrganizationToRevokedKey() {
        String organizationName = "Acme " + UUID.randomUUID();
        JsonObject organization = created(admin("POST", "/v1/admin/organizations",
                "{\"name\": \"" + organizationName + "\", \"limits\": {\"requests_per_minute\": 500}}"));
        String organizationId = organization.getString("organization_id");
        HttpResponse<String> duplicate = admin("POST", "/v1/admin/organizations", "{\"name\": \"" + organizationName + "\"}");
        assertThat(duplicate.statusCode()).isEqualTo(400);
        assertThat(SampleClient.firstErrorLocation(duplicate)).isEqualTo("body.name");
        HttpResponse<String> badLimit = admin("POST", "/v1/admin/organizations/" + organizationId + "/projects",
                "{\"name\": \"web\", \"limits\": {\"colour_concurrent\": 2}}");
        assertThat(badLimit.statusCode()).isEqualTo(400);
        assertThat(SampleClient.firstErrorLocation(badLimit)).isEqualTo("body.limits.colour_concurrent");

        String projectId = created(admin("POST", "/v1/admin/organizations/" + organizationId + "/projects",
                "{\"name\": \"web\", \"limits\": {\"transcribe_concurrent\": 1}}")).getString("project_id");
        HttpResponse<String> duplicateProject = admin("POST", "/v1/admin/organizations/" + organizationId + "/projects",
                "{\"name\": \"web\"}");
        assertThat(duplicateProject.statusCode()).isEqualTo(400);
        assertThat(SampleClient.firstErrorLocation(duplicateProject)).isEqualTo("body.name");
        JsonObject key = created(admin("POST", "/v1/admin/projects/" + projectId + "/keys", "{\"name\": \"backend\"}"));
        String secret = key.getString("api_key");
        String authorization = "Bearer " + secret;
        assertThat(projectLimit(authorization, "transcribe_concurrent")).isEqualTo(1);

        assertThat(admin("PUT", "/v1/admin/projects/" + projectId + "/limits", "{\"transcribe_concurrent\": 3}")
                .statusCode()).isEqualTo(204);
        assertThat(projectLimit(authorization, "transcribe_concurrent")).as("at once on this server").isEqualTo(3);

        HttpResponse<String> listed = admin("GET", "/v1/admin/projects/" + projectId + "/keys", null);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).doesNotContain(secret);
        JsonObject listedKey = SampleClient.json(listed.body()).getJsonArray("keys").getJsonObject(0);
        assertThat(listedKey.getString("api_key_id")).isEqualTo(key.getString("api_key_id"));
        assertThat(listedKey.getString("prefix")).isEqualTo(key.getString("prefix"));
        assertThat(secret).startsWith(listedKey.getString("prefix"));
        assertThat(listedKey.isNull("revoked_at")).isTrue();

        String temporary = SampleClient.json(client.postJson(authorization, "/v1/auth/temporary-api-key",
                "{\"usage_type\": \"tts_rest\", \"expires_in_seconds\": 60}").body()).getString("api_key");
        assertThat(client.postJson("Bearer " + temporary, "/tts", "{\"text\": \"hi\"}").statusCode()).isEqualTo(200);

        assertThat(admin("DELETE", "/v1/admin/keys/" + key.getString("api_key_id"), null).statusCode()).isEqualTo(204);

        assertThat(client.transcribe(authorization, TestAudio.tone(Duration.ofSeconds(1))).statusCode())
                .as("a revoked key, at once on this server").isEqualTo(401);
        assertThat(client.postJson("Bearer " + temporary, "/tts", "{\"text\": \"hi\"}").statusCode())
                .as("its temporary keys die with it").isEqualTo(401);
        assertThat(SampleClient.json(admin("GET", "/v1/admin/projects/" + projectId + "/keys", null).body())
                .getJsonArray("keys").getJsonObject(0).isNull("revoked_at")).isFalse();
        assertThat(admin("DELETE", "/v1/admin/keys/" + UUID.randomUUID(), null).statusCode()).isEqualTo(404);
    }

    @Test
    void aKeyDoesOnlyWhatItsPermissionsSay() {
        Tenant tenant = client.newTenant(null, null);
        String base = "/v1/admin/projects/" + tenant.projectId() + "/keys";
        JsonObject reader = created(admin("POST", base, "{\"name\": \"dashboard\", \"permissions\": [\"usage:read\"]}"));
        JsonObject speaker = created(admin("POST", base, "{\"name\": \"app\", \"permissions\": [\"speech\"]}"));
        assertThat(reader.getJsonArray("permissions").getString(0)).isEqualTo("usage:read");
        String readerKey = "Bearer " + reader.getString("api_key");
        String speakerKey = "Bearer " + speaker.getString("api_key");

        assertThat(client.transcribe(readerKey, TestAudio.tone(Duration.ofSeconds(1))).statusCode()).isEqualTo(403);
        assertThat(client.get(readerKey, "/v1/concurrency-limits").statusCode()).isEqualTo(200);
        assertThat(client.postJson(readerKey, "/v1/auth/temporary-api-key",
                "{\"usage_type\": \"tts_rest\", \"expires_in_seconds\": 60}").statusCode()).isEqualTo(403);
        assertThat(client.postJson(readerKey, "/v1/auth/temporary-api-key",
                "{\"usage_type\": \"usage:read\", \"expires_in_seconds\": 60}").statusCode())
                .as("a key for the usage console").isEqualTo(201);

        assertThat(client.transcribe(speakerKey, TestAudio.tone(Duration.ofSeconds(1))).statusCode()).isEqualTo(200);
        HttpResponse<String> refused = client.get(speakerKey, "/v1/concurrency-limits");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(SampleClient.json(refused.body()).getString("message"))
                .isEqualTo("This API key may not read usage and limits.");
        assertThat(client.get(speakerKey, "/v1/projects/" + tenant.projectId() + "/requests").statusCode()).isEqualTo(403);
        assertThat(client.postJson(speakerKey, "/v1/auth/temporary-api-key",
                "{\"usage_type\": \"usage:read\", \"expires_in_seconds\": 60}").statusCode())
                .as("no key reads more than the key that mints it").isEqualTo(403);
    }

    private HttpResponse<String> admin(String method, String path, String json) {
        return client.admin(ADMIN, ADMIN_PASSWORD, method, path, json);
    }

    private int projectLimit(String authorization, String limit) {
        return client.concurrencyLimits(authorization).getJsonObject("project").getJsonObject("limits").getInt(limit);
    }

    private static JsonObject created(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.headers().firstValue("Cache-Control")).as("a key's secret is never cached")
                .hasValue("no-store");
        return SampleClient.json(response.body());
    }
}
