package dev.speechmeter.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Fail closed (DESIGN, "Promises"): every spelling of a metered path either reaches the endpoint
 * through the meter or is not served at all. Each spelling goes out twice over a raw socket, once
 * without a key (metered: a {@code 401} in the SPEC §2 shape) and once with a good key (metered:
 * {@code X-Request-Id} and {@code RateLimit} on the answer and, when it is a 2xx, a billable usage
 * entry). A 2xx that no admission let through is the failure this test exists for.
 */
class PathSpellingIT extends SampleIT {

    /** The sample's metered endpoints, each with a body it serves. */
    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("/v1/transcriptions", "audio/wav", TestAudio.tone(Duration.ofMillis(200))),
            new Endpoint("/tts", "application/json", "{\"text\": \"hi\"}".getBytes(StandardCharsets.UTF_8)),
            new Endpoint("/v1/language-identification", "audio/wav", TestAudio.tone(Duration.ofMillis(200))));

    private record Endpoint(String path, String contentType, byte[] body) {
    }

    private enum Verdict { METERED, NOT_SERVED, SERVED_UNMETERED, BROKEN }

    private record Outcome(Verdict verdict, String why, String method, String target, String kind, String auth,
                           RawHttp.Response response) {

        String line() {
            return String.format("%-16s %s %s  [%s, %s] -> %d %s%s", verdict, method, target, kind, auth,
                    response.status(), response.bodyForReport(200),
                    why == null ? "" : "  (" + why + ")");
        }
    }

    @Test
    void everySpellingOfAMeteredPathIsMeteredOrNotServed() {
        RawHttp http = new RawHttp(baseUrl);
        Tenant tenant = client.newTenant("requests_per_minute=100000&organization_requests_per_minute=100000");
        List<Outcome> outcomes = new ArrayList<>();
        int spellings = 0;
        for (Endpoint endpoint : ENDPOINTS) {
            for (PathSpellings.Spelling spelling : PathSpellings.of(endpoint.path(), http.authority())) {
                spellings++;
                outcomes.add(withoutKey(http, endpoint, spelling));
                outcomes.add(withKey(http, endpoint, spelling, tenant));
            }
        }

        Map<Verdict, Integer> counts = new TreeMap<>();
        outcomes.forEach(outcome -> counts.merge(outcome.verdict(), 1, Integer::sum));
        outcomes.forEach(outcome -> System.out.println(outcome.line()));
        String summary = String.format("PathSpellingIT: %d spellings (%d requests: without a key and with one), "
                        + "%d metered, %d not served, %d served unmetered, %d broken", spellings, outcomes.size(),
                counts.getOrDefault(Verdict.METERED, 0), counts.getOrDefault(Verdict.NOT_SERVED, 0),
                counts.getOrDefault(Verdict.SERVED_UNMETERED, 0), counts.getOrDefault(Verdict.BROKEN, 0));
        System.out.println(summary);
        String failures = failures(outcomes);
        if (!failures.isEmpty()) {
            System.out.println(failures);
        }

        assertThat(counts.getOrDefault(Verdict.SERVED_UNMETERED, 0)).as(summary + "\n" + failures).isZero();
        assertThat(counts.getOrDefault(Verdict.BROKEN, 0)).as(summary + "\n" + failures).isZero();
        assertThat(counts.getOrDefault(Verdict.METERED, 0)).as("the canonical paths at least are metered")
                .isGreaterThanOrEqualTo(2 * ENDPOINTS.size());
    }

    private static Outcome withoutKey(RawHttp http, Endpoint endpoint, PathSpellings.Spelling spelling) {
        RawHttp.Response response = http.send("POST", spelling.target(),
                List.of(RawHttp.Header.of("Content-Type", endpoint.contentType())), endpoint.body());
        int status = response.status();
        Verdict verdict;
        String why = null;
        if (response.emptyOkOfTheServer()) {
            verdict = Verdict.NOT_SERVED;
        } else if (status / 100 == 2) {
            verdict = Verdict.SERVED_UNMETERED;
            why = "served without a key";
        } else if (status == 401 && ErrorShapes.soniox(response) == null) {
            verdict = Verdict.METERED;
        } else if (status == 401 && response.header("X-Request-Id").isPresent()) {
            verdict = Verdict.BROKEN;
            why = "refused by the meter, not in the SPEC error shape: " + ErrorShapes.soniox(response);
        } else if (status >= 300 && status < 500) {
            verdict = Verdict.NOT_SERVED;
        } else {
            verdict = Verdict.BROKEN;
            why = status == 0 ? response.problem() : "neither metered nor refused";
        }
        if (spelling.kind().equals("canonical") && verdict != Verdict.METERED && why == null) {
            verdict = Verdict.BROKEN;
            why = "the canonical path must be metered";
        }
        return new Outcome(verdict, why, "POST", spelling.target(), spelling.kind(), "no key", response);
    }

    private Outcome withKey(RawHttp http, Endpoint endpoint, PathSpellings.Spelling spelling, Tenant tenant) {
        RawHttp.Response response = http.send("POST", spelling.target(),
                List.of(RawHttp.Header.of("Content-Type", endpoint.contentType()),
                        RawHttp.Header.of("Authorization", tenant.authorization())), endpoint.body());
        int status = response.status();
        boolean meteredHeaders = response.header("X-Request-Id").isPresent() && response.header("RateLimit").isPresent();
        Verdict verdict;
        String why = null;
        if (status == 0 || status >= 500) {
            verdict = Verdict.BROKEN;
            why = status == 0 ? response.problem() : "server error";
        } else if (meteredHeaders) {
            verdict = Verdict.METERED;
            if (status / 100 == 2) {
                why = billedTo(response.header("X-Request-Id").orElseThrow(), tenant);
                if (why != null) {
                    verdict = Verdict.BROKEN;
                }
            }
        } else if (status / 100 == 2 && !response.emptyOkOfTheServer()) {
            verdict = Verdict.SERVED_UNMETERED;
            why = "2xx without X-Request-Id and RateLimit";
        } else {
            verdict = Verdict.NOT_SERVED;
        }
        if (spelling.kind().equals("canonical") && (verdict != Verdict.METERED || status != 200) && why == null) {
            verdict = Verdict.BROKEN;
            why = "the canonical path with a good key must be served, metered";
        }
        return new Outcome(verdict, why, "POST", spelling.target(), spelling.kind(), "good key", response);
    }

    /** Null when the request has a billable usage entry of the tenant's project; else what is wrong. */
    private String billedTo(String requestId, Tenant tenant) {
        JsonObject entry;
        try {
            entry = client.usageEntry(requestId);
        } catch (RuntimeException e) {
            return "usage entry unreadable: " + e.getMessage();
        }
        if (entry == null) {
            return "2xx with no usage entry";
        }
        if (!entry.getBoolean("billable") || !tenant.projectId().equals(entry.getString("project_id"))) {
            return "usage entry not billed to the tenant: " + entry;
        }
        return null;
    }

    /** The failures, one group per verdict, status and answer, with every spelling that got it. */
    private static String failures(List<Outcome> outcomes) {
        Map<String, List<String>> groups = new TreeMap<>();
        for (Outcome outcome : outcomes) {
            if (outcome.verdict() == Verdict.SERVED_UNMETERED || outcome.verdict() == Verdict.BROKEN) {
                String key = outcome.verdict() + " " + outcome.auth() + " -> " + outcome.response().status() + " "
                        + Findings.signature(outcome.response().bodyForReport(200))
                        + (outcome.why() == null ? "" : "  (" + Findings.signature(outcome.why()) + ")");
                groups.computeIfAbsent(key, k -> new ArrayList<>())
                        .add(outcome.method() + " " + outcome.target() + "  [" + outcome.kind() + "]");
            }
        }
        StringBuilder report = new StringBuilder();
        groups.forEach((key, requests) -> {
            report.append(key).append('\n');
            requests.forEach(request -> report.append("    ").append(request).append('\n'));
        });
        return report.toString();
    }
}
