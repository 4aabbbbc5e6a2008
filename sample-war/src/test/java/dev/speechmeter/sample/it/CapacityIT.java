package dev.speechmeter.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Capacities per billing period on WildFly: the sample's transcription endpoint carries the
 * labels speech_to_text / sample / transcribe in web.xml, an administrator sets a capacity, and
 * the billing endpoints show where it stands.
 */
class CapacityIT extends SampleIT {

    private static final String LABELS = "speech_to_text/sample/transcribe";

    /** Longer than the test takes: started closer than this to midnight UTC, it starts after midnight. */
    private static final Duration DAY_END_MARGIN = Duration.ofMinutes(2);

    @Test
    void aDailyCapacityRefusesTheTranscriptionAfterTheOneThatUsesItUp() {
        LocalDate today = dayWithRoomToRun();
        Tenant tenant = client.newTenant(null, null);
        String capacity = "/v1/admin/projects/" + tenant.projectId() + "/capacities/" + LABELS + "/day";
        assertThat(admin("PUT", capacity, "{\"capacity\": 60}").statusCode()).isEqualTo(204);
        assertThat(detail(capacities(tenant)).getJsonNumber("consumed").doubleValue()).isZero();

        HttpResponse<String> usesItUp = client.transcribe(tenant.authorization(), TestAudio.tone(Duration.ofSeconds(60)));
        assertThat(usesItUp.statusCode()).as(usesItUp.body()).isEqualTo(200);
        assertThat(client.usageEntry(usesItUp.headers().firstValue("X-Request-Id").orElseThrow())).isNotNull();
        HttpResponse<String> refused = client.transcribe(tenant.authorization(), TestAudio.tone(Duration.ofSeconds(1)));
        long secondsToMidnight = Duration.between(Instant.now(),
                today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()).toSeconds();

        assertThat(refused.statusCode()).isEqualTo(429);
        JsonObject error = SampleClient.json(refused.body());
        assertThat(error.getString("error_type")).isEqualTo("limit_exceeded");
        assertThat(error.getString("message")).isEqualTo("Usage limit exceeded for your project: no processed audio "
                + "left for technology=speech_to_text, vendor=sample, operation=transcribe in this day.");
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).as("seconds until the day ends in UTC").isBetween(secondsToMidnight - 5, secondsToMidnight + 5);
        JsonObject item = capacities(tenant).getJsonArray("items").getJsonObject(0);
        assertThat(item.getBoolean("has_remaining_capacity")).isFalse();
        assertThat(item.getString("level")).isEqualTo("project");
        assertThat(item.getJsonObject("current_period").getString("period")).isEqualTo("day");
        assertThat(item.getJsonObject("current_period").getString("start_time"))
                .isEqualTo(today.atStartOfDay(ZoneOffset.UTC).toInstant().toString());
        JsonObject detail = item.getJsonArray("details").getJsonObject(0);
        assertThat(detail.getString("property")).isEqualTo("processed_audio_length");
        assertThat(detail.getJsonNumber("capacity").longValueExact()).isEqualTo(60);
        assertThat(detail.getJsonNumber("consumed").bigDecimalValue()).isEqualByComparingTo("60");
        assertThat(detail.getBoolean("is_extended")).isFalse();
        assertThat(client.identifyLanguage(tenant.authorization(), TestAudio.tone(Duration.ofSeconds(1))).statusCode())
                .as("other labels, other capacities").isEqualTo(200);

        assertThat(admin("POST", capacity + "/extensions", "{\"extra\": 30}").statusCode()).isEqualTo(204);

        assertThat(client.transcribe(tenant.authorization(), TestAudio.tone(Duration.ofSeconds(1))).statusCode())
                .as("an extension lets requests in again this day").isEqualTo(200);
        JsonObject extended = detail(capacities(tenant));
        assertThat(extended.getJsonNumber("capacity").longValueExact()).isEqualTo(90);
        assertThat(extended.getJsonNumber("capacity").isIntegral()).as("whole seconds, written as an integer").isTrue();
        HttpResponse<String> fractionalExtra = admin("POST", capacity + "/extensions", "{\"extra\": 0.5}");
        assertThat(fractionalExtra.statusCode()).as(fractionalExtra.body()).isEqualTo(400);
        assertThat(SampleClient.json(fractionalExtra.body()).getString("error_type")).isEqualTo("invalid_request");
        assertThat(SampleClient.firstErrorLocation(fractionalExtra)).isEqualTo("body.extra");
        assertThat(detail(capacities(tenant)).getJsonNumber("capacity").longValueExact())
                .as("a refused extension changes nothing").isEqualTo(90);
        assertThat(extended.getBoolean("is_extended")).isTrue();
    }

    @Test
    void aCapacityOnSomeLabelsLimitsEveryEndpointWithThemAndIsShownWithThoseLabelsOnly() {
        dayWithRoomToRun();
        Tenant tenant = client.newTenant(null, null);
        String project = "/v1/admin/projects/" + tenant.projectId() + "/capacities/";
        String organization = "/v1/admin/organizations/" + tenant.organizationId() + "/capacities/";
        assertThat(admin("PUT", project + "speech_to_text/*/*/day", "{\"capacity\": 2}").statusCode()).isEqualTo(204);
        assertThat(admin("PUT", organization + "*/sample/*/month", "{\"capacity\": 1000}").statusCode()).isEqualTo(204);
        assertThat(admin("PUT", project + LABELS + "/month", "{\"capacity\": 1000}").statusCode()).isEqualTo(204);

        HttpResponse<String> usesItUp = client.transcribe(tenant.authorization(), TestAudio.tone(Duration.ofSeconds(2)));
        assertThat(usesItUp.statusCode()).as(usesItUp.body()).isEqualTo(200);
        assertThat(client.usageEntry(usesItUp.headers().firstValue("X-Request-Id").orElseThrow())).isNotNull();
        HttpResponse<String> refused = client.transcribe(tenant.authorization(), TestAudio.tone(Duration.ofSeconds(1)));
        HttpResponse<String> identified = client.identifyLanguage(tenant.authorization(),
                TestAudio.tone(Duration.ofSeconds(1)));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
        assertThat(SampleClient.json(refused.body()).getString("message")).isEqualTo("Usage limit exceeded for your "
                + "project: no processed audio left for technology=speech_to_text in this day.");
        assertThat(identified.statusCode()).as("another technology, and the vendor's month has room")
                .isEqualTo(200);
        assertThat(client.usageEntry(identified.headers().firstValue("X-Request-Id").orElseThrow())).isNotNull();
        assertThat(capacities(tenant).getJsonArray("items").getValuesAs(JsonObject.class))
                .extracting(item -> item.getString("level") + " " + labels(item) + " "
                        + item.getJsonObject("current_period").getString("period") + " "
                        + consumed(item.getJsonArray("details").getJsonObject(0)) + " "
                        + item.getBoolean("has_remaining_capacity"))
                .as("the refused request debited nothing, not even the capacities that had room")
                .containsExactly("organization vendor=sample month 3 true",
                        "project technology=speech_to_text day 2 false",
                        "project technology=speech_to_text,vendor=sample,operation=transcribe month 2 true");
        HttpResponse<String> consumptions = client.get(tenant.authorization(), "/api/billing/consumptions");
        assertThat(SampleClient.json(consumptions.body()).getJsonArray("items").getValuesAs(JsonObject.class))
                .extracting(item -> item.getString("level") + " " + labels(item) + " "
                        + consumed(item.getJsonArray("consumptions").getJsonObject(0)))
                .containsExactly(
                        "organization vendor=sample 3",
                        "organization technology=language_identification,vendor=sample,operation=identify 1",
                        "organization technology=speech_to_text,vendor=sample,operation=transcribe 2",
                        "project technology=language_identification,vendor=sample,operation=identify 1",
                        "project technology=speech_to_text 2",
                        "project technology=speech_to_text,vendor=sample,operation=transcribe 2");
        HttpResponse<String> noLabel = admin("PUT", project + "*/*/*/day", "{\"capacity\": 2}");
        assertThat(noLabel.statusCode()).as(noLabel.body()).isEqualTo(400);
        assertThat(SampleClient.firstErrorLocation(noLabel)).isEqualTo("path.technology");
    }

    @Test
    void consumptionIsKeptPerLabelSetForTheProjectAndItsOrganization() {
        Tenant tenant = client.newTenant(null, null);
        HttpResponse<String> done = client.transcribe(tenant.authorization(), TestAudio.tone(Duration.ofMillis(2500)));
        assertThat(client.usageEntry(done.headers().firstValue("X-Request-Id").orElseThrow())).isNotNull();

        HttpResponse<String> response = client.get(tenant.authorization(), "/api/billing/consumptions",
                "X-Request-Id", "trace-41", "X-Correlation-Id", "dashboard-42");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().allValues("X-Correlation-Id")).containsExactly("dashboard-42");
        assertThat(response.headers().firstValue("X-Request-Id")).isPresent().get().isNotIn("dashboard-42", "trace-41");
        assertThat(SampleClient.json(response.body()).getJsonArray("items").getValuesAs(JsonObject.class))
                .extracting(item -> item.getString("level") + " "
                        + item.getJsonArray("labels").getJsonObject(0).getString("value") + " "
                        + item.getJsonArray("consumptions").getJsonObject(0).getJsonNumber("consumed").bigDecimalValue()
                                .stripTrailingZeros().toPlainString())
                .containsExactly("organization speech_to_text 2.5", "project speech_to_text 2.5");
    }

    @Test
    void theBillingEndpointsTakeAKeyAndEchoTheClientsRequestIdOnErrorsToo() {
        HttpResponse<String> noKey = client.get(null, "/api/billing/capacities", "X-Request-Id", "mine-1");

        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(noKey.headers().firstValue("X-Correlation-Id")).contains("mine-1");
        assertThat(SampleClient.json(noKey.body()).getString("error_type")).isEqualTo("unauthenticated");

        HttpResponse<String> anonymous = client.get(null, "/api/billing/capacities", "Accept", "application/json");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().allValues("X-Correlation-Id"))
                .containsExactly(anonymous.headers().firstValue("X-Request-Id").orElseThrow());
    }

    @Test
    void badCapacitiesAreRefusedAndChangeNothing() {
        Tenant tenant = client.newTenant(null, null);
        String base = "/v1/admin/projects/" + tenant.projectId() + "/capacities/";

        HttpResponse<String> badTechnology = admin("PUT", base + "lip_reading/sample/read/day", "{\"capacity\": 60}");
        HttpResponse<String> badPeriod = admin("PUT", base + LABELS + "/fortnight", "{\"capacity\": 60}");
        HttpResponse<String> negative = admin("PUT", base + LABELS + "/day", "{\"capacity\": -1}");
        HttpResponse<String> fraction = admin("PUT", base + LABELS + "/day", "{\"capacity\": 60.5}");
        HttpResponse<String> pointZero = admin("PUT", base + LABELS + "/day", "{\"capacity\": 60.0}");

        assertThat(badTechnology.statusCode()).isEqualTo(400);
        assertThat(SampleClient.firstErrorLocation(badTechnology)).isEqualTo("path.technology");
        assertThat(SampleClient.firstErrorLocation(badPeriod)).isEqualTo("path.period");
        assertThat(SampleClient.firstErrorLocation(negative)).isEqualTo("body.capacity");
        for (HttpResponse<String> decimal : List.of(fraction, pointZero)) {
            assertThat(decimal.statusCode()).as(decimal.body()).isEqualTo(400);
            assertThat(SampleClient.json(decimal.body()).getString("error_type")).isEqualTo("invalid_request");
            assertThat(SampleClient.firstErrorLocation(decimal)).isEqualTo("body.capacity");
        }
        assertThat(admin("POST", base + LABELS + "/day/extensions", "{\"extra\": 30}").statusCode())
                .as("no capacity to extend").isEqualTo(404);
        assertThat(admin("PUT", "/v1/admin/projects/" + tenant.organizationId() + "/capacities/" + LABELS + "/day",
                "{\"capacity\": 60}").statusCode()).as("an organization's id is not a project's").isEqualTo(404);
        assertThat(capacities(tenant).getJsonArray("items")).isEmpty();
        assertThat(SampleClient.json(admin("GET", "/v1/admin/projects/" + tenant.projectId() + "/capacities", null)
                .body()).getJsonArray("items")).isEmpty();
    }

    private JsonObject capacities(Tenant tenant) {
        HttpResponse<String> response = client.get(tenant.authorization(), "/api/billing/capacities");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return SampleClient.json(response.body());
    }

    /** {@code technology=speech_to_text,vendor=sample}: the labels an item lists, in its order. */
    private static String labels(JsonObject item) {
        return String.join(",", item.getJsonArray("labels").getValuesAs(JsonObject.class).stream()
                .map(label -> label.getString("key") + "=" + label.getString("value")).toList());
    }

    private static String consumed(JsonObject detail) {
        return detail.getJsonNumber("consumed").bigDecimalValue().stripTrailingZeros().toPlainString();
    }

    private static JsonObject detail(JsonObject capacities) {
        return capacities.getJsonArray("items").getJsonObject(0).getJsonArray("details").getJsonObject(0);
    }

    private HttpResponse<String> admin(String method, String path, String json) {
        return client.admin("it-admin", "it-admin-password", method, path, json);
    }

    /**
     * Today in UTC, once at least {@link #DAY_END_MARGIN} of it is left: the capacity is daily, and
     * a day ending in the middle of the test would give it a new day's capacity. A start just
     * before midnight waits for the new day, the one real-world boundary this test cannot move.
     */
    private static LocalDate dayWithRoomToRun() {
        Instant now = Instant.now();
        Instant midnight = LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        if (Duration.between(now, midnight).compareTo(DAY_END_MARGIN) < 0) {
            while (Instant.now().isBefore(midnight.plusSeconds(1))) {
                LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            }
        }
        return LocalDate.now(ZoneOffset.UTC);
    }
}
