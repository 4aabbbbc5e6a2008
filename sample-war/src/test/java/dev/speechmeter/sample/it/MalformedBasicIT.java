package dev.speechmeter.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * An {@code Authorization: Basic ...} header the server cannot read never costs a 500: the admin
 * surface answers 401, as to no credentials; elsewhere the header is the filter's, which takes
 * only API keys. Good credentials of the administrator still get in.
 */
class MalformedBasicIT extends SampleIT {

    private static final String ADMIN_CREDENTIALS = base64("it-admin:it-admin-password");

    /** Headers WildFly's BASIC mechanism once answered with a 500 page (not base64), or could not read at all. */
    private static final List<String> MALFORMED = List.of(
            "Basic sm_abc",
            "Basic !!!",
            "Basic",
            "basic  x",
            "Basic a",
            "Basic QQ=",
            "Basic =abc",
            "BASIC Zm9v:YmFy",
            "Basic " + ADMIN_CREDENTIALS.replace("=", ""),
            "Basic " + Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, (byte) 0xfe, ':', (byte) 0xc3}),
            "Basic " + base64("it-admin"),
            "Basic " + base64(":it-admin-password"),
            "Basic " + ADMIN_CREDENTIALS + "junk");

    @Test
    void theAdminSurfaceAnswers401ToAMalformedBasicHeader() {
        String keys = "/v1/admin/projects/" + UUID.randomUUID() + "/keys";
        for (String authorization : MALFORMED) {
            assertChallenged(client.get(authorization, keys), authorization);
            assertChallenged(client.postJson(authorization, "/v1/admin/organizations", "{\"name\": \"never\"}"),
                    authorization);
        }
        assertChallenged(client.get(null, keys, "Authorization", "Bearer sm_abc", "Authorization", "Basic !!!"),
                "two Authorization headers");
    }

    @Test
    void aMeteredPathAnswersItsOwn401ToAnyBasicHeader() {
        for (String authorization : concat(MALFORMED, "Basic " + ADMIN_CREDENTIALS)) {
            HttpResponse<String> response = client.postJson(authorization, "/tts", "{\"text\": \"hi\"}");

            assertThat(response.statusCode()).as(authorization).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type")).as(authorization)
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            JsonObject error = SampleClient.json(response.body());
            assertThat(error.getInt("status_code")).as(authorization).isEqualTo(401);
            assertThat(error.getString("error_type")).as(authorization).isEqualTo("unauthenticated");
        }
    }

    @Test
    void anUnmeteredPathIsNeverAnError() {
        for (String authorization : concat(MALFORMED, "Basic " + ADMIN_CREDENTIALS)) {
            HttpResponse<String> response = client.get(authorization, "/samples/hello.wav");

            assertThat(response.statusCode()).as(authorization).isIn(200, 401);
        }
    }

    @Test
    void theAdministratorStillGetsIn() {
        Tenant tenant = client.newTenant(null, null);
        String keys = "/v1/admin/projects/" + tenant.projectId() + "/keys";

        HttpResponse<String> listed = client.get("Basic " + ADMIN_CREDENTIALS, keys);
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        assertThat(SampleClient.json(listed.body()).getJsonArray("keys").getJsonObject(0).getString("api_key_id"))
                .isEqualTo(tenant.apiKeyId());
        assertThat(client.get("basic " + ADMIN_CREDENTIALS, keys).statusCode()).as("the scheme in any case")
                .isEqualTo(200);
        assertThat(client.admin("it-admin", "it-admin-password", "POST", "/v1/admin/organizations",
                "{\"name\": \"Basic " + UUID.randomUUID() + "\"}").statusCode()).isEqualTo(201);
        assertThat(client.admin("it-user", "it-user-password", "GET", keys, null).statusCode()).isEqualTo(403);
        assertThat(client.admin("it-admin", "wrong", "GET", keys, null).statusCode()).isEqualTo(401);
        assertThat(client.postJson(tenant.authorization(), "/tts", "{\"text\": \"hi\"}").statusCode())
                .as("an API key still speaks").isEqualTo(200);
    }

    /** A 401 with the BASIC challenge, in the error shape, not a server error page. */
    private static void assertChallenged(HttpResponse<String> response, String sent) {
        assertThat(response.statusCode()).as(sent + ": " + response.body()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate")).as(sent)
                .containsExactly("Basic realm=\"ApplicationRealm\"");
        assertThat(response.body()).as(sent).doesNotContain("Exception", "<html");
        assertThat(SampleClient.json(response.body()).getString("error_type")).as(sent).isEqualTo("unauthenticated");
    }

    private static List<String> concat(List<String> headers, String header) {
        return Stream.concat(headers.stream(), Stream.of(header)).toList();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
