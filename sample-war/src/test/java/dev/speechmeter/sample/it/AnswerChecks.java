package dev.speechmeter.sample.it;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The checks every answer to a bad request must pass on its own: no server error, nothing leaked,
 * the SPEC §2 error shape on Speechmeter's paths, no metered 2xx without admission, the server's
 * request id its own.
 */
final class AnswerChecks {

    /** What an answer must never hold: stack frames, class names, SQL, key prefixes. */
    static final List<String> LEAKS = List.of("at java.", "at org.", "at io.", "at jdk.", "Exception",
            ".java:", "Caused by", "dev.speechmeter", "org.jboss", "io.undertow", "org.hibernate", "org.h2",
            "jakarta.", "SELECT", "INSERT", "sm_");

    private AnswerChecks() {
    }

    /** What is wrong with one answer on its own; empty when nothing is. */
    static List<Findings.Problem> of(BadRequests.Request request, RawHttp.Response response, List<String> secrets) {
        List<Findings.Problem> problems = new ArrayList<>();
        int status = response.status();
        if (status == 0) {
            problems.add(new Findings.Problem("no answer", response.problem()));
            return problems;
        }
        if (status >= 500) {
            problems.add(new Findings.Problem("5xx", request.method().equals("HEAD")
                    ? "a server error (a HEAD answer has no body: send the same request as GET to see it)"
                    : "a server error"));
        }
        String body = response.bodyForReport(Integer.MAX_VALUE);
        boolean adminAnswer = request.api().startsWith("/v1/admin") && status / 100 == 2;
        List<String> leaked = LEAKS.stream()
                .filter(leak -> body.contains(leak) && !(adminAnswer && leak.equals("sm_")))
                .toList();
        if (!leaked.isEmpty()) {
            problems.add(new Findings.Problem("leak", "the answer holds " + leaked));
        }
        for (int i = 0; i < secrets.size(); i++) {
            String secret = secrets.get(i);
            if (body.contains(secret) || response.headers().stream().anyMatch(h -> h[1].contains(secret))) {
                problems.add(new Findings.Problem("leak", "the answer holds secret-" + i));
            }
        }
        if (request.speechmeterPath() && status >= 400 && status < 500 && !refusedByContainer(request, response)) {
            String wrong = request.shape() == BadRequests.Shape.DEEPGRAM
                    ? ErrorShapes.deepgram(response) : ErrorShapes.soniox(response);
            if (wrong != null) {
                problems.add(new Findings.Problem("shape", (request.shape() == BadRequests.Shape.DEEPGRAM
                        ? "not in the Deepgram error shape: " : "not in the SPEC error shape: ") + wrong));
            }
        }
        if (request.metered() && status / 100 == 2 && !request.method().equals("OPTIONS")
                && response.header("X-Request-Id").isEmpty() && !response.emptyOkOfTheServer()) {
            problems.add(new Findings.Problem("served unmetered", "a 2xx of a metered path without X-Request-Id"));
        }
        String serverId = response.header("X-Request-Id").orElse(null);
        if (request.clientRequestId() != null && serverId != null && serverId.equals(request.clientRequestId())) {
            problems.add(new Findings.Problem("server id replaced", "the client's X-Request-Id became the server's id"));
        }
        return problems;
    }

    /**
     * A request the server refused before any application code saw it: {@code 400} from its HTTP
     * parser (a request line with characters a URI may not hold, a broken escape), or {@code 405}
     * for {@code TRACE}, which the listener does not allow. No body, no type, no request id.
     */
    private static boolean refusedByContainer(BadRequests.Request request, RawHttp.Response response) {
        return response.bare() && (response.status() == 400 || response.status() == 405 && request.method().equals("TRACE"));
    }

    /** A socket's error message as an answer for the report; its status the message's error_code (0: none). */
    static RawHttp.Response streamAnswer(String message) {
        int code = 0;
        try {
            JsonObject error = SampleClient.json(message);
            if (error.get("error_code") instanceof JsonNumber number) {
                code = number.intValue();
            }
        } catch (RuntimeException notJson) {
            // Reported by ofStreamError.
        }
        return new RawHttp.Response(code, List.<String[]>of(new String[] {"Content-Type", "application/json"}),
                message.getBytes(StandardCharsets.UTF_8), null);
    }

    /** What is wrong with the error message a socket sent before its close; empty when nothing is. */
    static List<Findings.Problem> ofStreamError(String message, int code, List<String> secrets) {
        List<Findings.Problem> problems = new ArrayList<>();
        JsonObject error = null;
        try {
            error = SampleClient.json(message);
        } catch (RuntimeException notJson) {
            // Not an object: reported below.
        }
        if (error == null || !error.keySet().equals(Set.of("error_code", "error_type", "error_message", "request_id"))
                || code == 0) {
            problems.add(new Findings.Problem("shape", "not one {error_code, error_type, error_message, request_id} "
                    + "message"));
        } else if (code >= 500) {
            problems.add(new Findings.Problem("5xx", "error_code " + code));
        } else if (code < 400) {
            problems.add(new Findings.Problem("shape", "error_code " + code + " is no error"));
        }
        List<String> leaked = LEAKS.stream().filter(message::contains).toList();
        if (!leaked.isEmpty()) {
            problems.add(new Findings.Problem("leak", "the message holds " + leaked));
        }
        if (secrets.stream().anyMatch(message::contains)) {
            problems.add(new Findings.Problem("leak", "the message holds a key"));
        }
        return problems;
    }
}
