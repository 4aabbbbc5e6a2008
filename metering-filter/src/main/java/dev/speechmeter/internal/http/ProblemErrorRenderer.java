package dev.speechmeter.internal.http;

import dev.speechmeter.spi.ApiError;
import jakarta.json.stream.JsonGenerator;
import java.util.Locale;

/**
 * RFC 9457 problem details, a deployer's option. A refusal by a limit uses the
 * {@code quota-exceeded} problem type of draft-ietf-httpapi-ratelimit-headers with the
 * {@code violated-policies} member; other errors have a type under the configured docs base
 * (or {@code about:blank}). The API's {@code error_type}, {@code request_id} and
 * {@code validation_errors} ride along as extension members.
 *
 * <pre>{@code
 * {"type": "https://iana.org/assignments/http-problem-types#quota-exceeded",
 *  "title": "Request cannot be satisfied as assigned quota has been exceeded",
 *  "status": 429, "detail": "Requests per minute limit has been exceeded for your project.",
 *  "violated-policies": ["project"], "error_type": "limit_exceeded", "request_id": "...",
 *  "validation_errors": []}
 * }</pre>
 */
final class ProblemErrorRenderer extends JsonErrorRenderer {

    public static final String QUOTA_EXCEEDED = "https://iana.org/assignments/http-problem-types#quota-exceeded";

    private final String docsBase;

    /** @param docsBase base of the problem type links, or null for {@code about:blank} */
    public ProblemErrorRenderer(String docsBase) {
        this.docsBase = docsBase;
    }

    @Override
    public String contentType() {
        return "application/problem+json";
    }

    @Override
    void writeMembers(JsonGenerator json, ApiError error) {
        boolean quota = error.statusCode() == 429;
        json.write("type", quota ? QUOTA_EXCEEDED : type(error))
                .write("title", quota ? "Request cannot be satisfied as assigned quota has been exceeded"
                        : title(error.statusCode()))
                .write("status", error.statusCode())
                .write("detail", error.message());
        if (quota) {
            json.writeStartArray("violated-policies");
            error.violatedPolicies().forEach(json::write);
            json.writeEnd();
        }
        json.write("error_type", error.errorType());
        if (error.requestId() != null) {
            json.write("request_id", error.requestId());
        }
        writeValidationErrors(json, error);
    }

    private String type(ApiError error) {
        return docsBase == null
                ? "about:blank"
                : docsBase + "#" + error.errorType().replace('_', '-').toLowerCase(Locale.ROOT);
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 422 -> "Unprocessable Content";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }
}
