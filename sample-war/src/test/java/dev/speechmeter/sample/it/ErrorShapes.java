package dev.speechmeter.sample.it;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Whether an error response is in one of the shapes of SPEC section 2. */
final class ErrorShapes {

    /** The {@code error_type} SPEC section 2 gives each status. */
    private static final Map<Integer, String> ERROR_TYPES = Map.of(400, "invalid_request", 401, "unauthenticated",
            403, "permission_denied", 404, "not_found", 429, "limit_exceeded", 500, "internal_error");
    private static final Set<String> DEEPGRAM_FIELDS = Set.of("err_code", "err_msg", "request_id");

    private ErrorShapes() {
    }

    /**
     * Null when the response is a Soniox-style error ({@code status_code}, {@code error_type},
     * {@code message}, {@code validation_errors}, {@code request_id}, optional {@code more_info});
     * otherwise what is wrong with it.
     */
    static String soniox(RawHttp.Response response) {
        Optional<JsonObject> parsed = jsonObject(response);
        if (parsed.isEmpty()) {
            return notJson(response);
        }
        JsonObject error = parsed.get();
        if (!(error.get("status_code") instanceof JsonNumber code) || code.intValue() != response.status()) {
            return "status_code is not the HTTP status " + response.status();
        }
        if (error.get("error_type") instanceof JsonString type) {
            String expected = ERROR_TYPES.get(response.status());
            if (expected != null && !expected.equals(type.getString())) {
                return "error_type " + type.getString() + " where SPEC has " + expected;
            }
        } else {
            return "no error_type";
        }
        if (!(error.get("message") instanceof JsonString message) || message.getString().isBlank()) {
            return "no message";
        }
        if (!(error.get("validation_errors") instanceof JsonArray validations)) {
            return "no validation_errors array";
        }
        for (JsonValue item : validations) {
            if (!(item instanceof JsonObject validation)
                    || !(validation.get("error_type") instanceof JsonString)
                    || !(validation.get("location") instanceof JsonString location)
                    || !(validation.get("message") instanceof JsonString)
                    || !location.getString().matches("(body|query|header|path)([.].+)?")) {
                return "a validation error is not {error_type, location: body|query.<name>|header.<name>, message}";
            }
        }
        if (response.status() == 400 && validations.isEmpty()) {
            return "a 400 with no validation error naming the bad field";
        }
        if (!error.containsKey("request_id")) {
            return "no request_id";
        }
        return requestIdMismatch(response, error);
    }

    /** Null when the response is a Deepgram-style error ({@code err_code}, {@code err_msg}, {@code request_id}). */
    static String deepgram(RawHttp.Response response) {
        Optional<JsonObject> parsed = jsonObject(response);
        if (parsed.isEmpty()) {
            return notJson(response);
        }
        JsonObject error = parsed.get();
        if (!error.keySet().equals(DEEPGRAM_FIELDS)) {
            return "fields " + error.keySet() + ", not " + DEEPGRAM_FIELDS;
        }
        if (!(error.get("err_code") instanceof JsonString)
                || !(error.get("err_msg") instanceof JsonString)) {
            return "err_code or err_msg is not a string";
        }
        return requestIdMismatch(response, error);
    }

    private static String requestIdMismatch(RawHttp.Response response, JsonObject error) {
        Optional<String> header = response.header("X-Request-Id");
        JsonValue id = error.get("request_id");
        if (header.isPresent() && id instanceof JsonString text && !text.getString().equals(header.get())) {
            return "request_id is not the X-Request-Id header";
        }
        return null;
    }

    private static String notJson(RawHttp.Response response) {
        return "not a JSON error object (Content-Type " + response.header("Content-Type").orElse("none") + ")";
    }

    private static Optional<JsonObject> jsonObject(RawHttp.Response response) {
        if (!response.header("Content-Type").orElse("").startsWith("application/json")) {
            return Optional.empty();
        }
        try (JsonReader reader = Json.createReader(new StringReader(response.text()))) {
            JsonValue value = reader.readValue();
            return value instanceof JsonObject object ? Optional.of(object) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
