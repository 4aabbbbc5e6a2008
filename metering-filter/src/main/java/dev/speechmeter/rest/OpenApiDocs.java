package dev.speechmeter.rest;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What the OpenAPI annotations of Speechmeter's endpoints share: the names of the security schemes,
 * the media types of error bodies and the words of the errors several endpoints answer. The
 * annotations only describe the endpoints; a server without MicroProfile OpenAPI ignores them.
 */
final class OpenApiDocs {

    /** An API key as {@code Authorization: Bearer <key>}. */
    static final String BEARER = "apiKey";
    /** An API key as {@code Authorization: Token <key>}, Deepgram's way. */
    static final String TOKEN = "apiKeyToken";
    /** A server user in the role {@value AdminResource#ROLE}, signed in with HTTP Basic. */
    static final String ADMIN = "admin";

    static final String BEARER_DESCRIPTION = "An API key, sent as 'Authorization: Bearer <key>'.";
    static final String TOKEN_DESCRIPTION = "An API key, sent as 'Authorization: Token <key>'; the scheme word is "
            + "case-insensitive.";
    static final String ADMIN_DESCRIPTION = "A server user in the role " + AdminResource.ROLE + ", signed in with HTTP "
            + "Basic through the server's security domain.";

    /** The tags, one per {@link dev.speechmeter.ApiGroup}, named as {@code speechmeter.rest.groups} names them. */
    static final String USAGE = "usage";
    static final String USAGE_TAG = "Usage logs and summaries, concurrency figures and history of the key's project.";
    static final String PROJECTS = "projects";
    static final String PROJECTS_TAG = "Deepgram-style project endpoints: the key's project, its requests and usage. "
            + "Errors are always in Deepgram's shape.";
    static final String KEYS = "keys";
    static final String KEYS_TAG = "Short-lived keys minted by a permanent key.";
    static final String BILLING = "billing";
    static final String BILLING_TAG = "Phonexia-style billing: capacities and consumption.";
    static final String ADMIN_GROUP = "admin";
    static final String ADMIN_TAG = "Organizations, projects, limits, capacities and keys, for the provider's "
            + "operators: a server user in the role " + AdminResource.ROLE + ", never an API key.";

    static final String JSON = "application/json";
    static final String PROBLEM_JSON = "application/problem+json";

    /** The errors, by the endpoints that answer them. */
    static final String UNAUTHENTICATED = "No key, or a malformed, unknown, expired or revoked one.";
    static final String USAGE_FORBIDDEN = "The key lacks the usage:read permission, or it is a temporary key not "
            + "minted for usage:read.";
    static final String THROTTLED = "Too many failed authentications from the client's address; Retry-After says "
            + "when to try again.";
    static final String KEYS_UNAVAILABLE = "The API keys cannot be checked right now; Retry-After: 1.";
    static final String HISTORY_UNAVAILABLE = "The API keys cannot be checked, or the fleet's history cannot be read "
            + "from Redis, right now; Retry-After: 1.";
    static final String SPEECH_FORBIDDEN = "The key lacks the speech permission.";
    static final String MINT_FORBIDDEN = "The key lacks what the key it mints may do: the speech permission, or "
            + "usage:read for a usage_type of usage:read.";
    static final String BAD_BODY = "A bad body field (body.<name>), a body that is not one JSON object of at most "
            + "64 KiB, or a temporary key in Authorization (header.authorization): only a permanent key mints.";
    static final String PROJECT_FORBIDDEN = "The key lacks the usage:read permission or is a temporary key not "
            + "minted for usage:read, or the project in the path is another one's.";
    static final String PROJECT_NOT_FOUND = "No project (or request) with this id, or this server keeps no request "
            + "log (no store such as metering-jpa).";
    static final String ADMIN_UNAUTHENTICATED = "No server user signed in, or wrong credentials; an API key is never "
            + "accepted here.";
    static final String ADMIN_FORBIDDEN = "The user is not in the role " + AdminResource.ROLE + ".";
    static final String ADMIN_NOT_FOUND = "No organization, project, key or capacity with this id, or this server "
            + "keeps no tenant store (no store such as metering-jpa).";
    static final String ADMIN_BAD_BODY = "A bad body field (body.<name>) or path label (path.<name>), a name taken "
            + "already, or a body that is not one JSON object of at most 64 KiB.";
    static final String ADMIN_MEDIA_TYPE = "The body was not sent as application/json.";
    static final String BAD_QUERY = "A bad query parameter; the error names each one.";
    static final String NO_STORE = "This server keeps no usage log (no store such as metering-jpa).";

    /** The times of the usage queries ({@link QueryTimes}). */
    static final String UTC_TIME = "An ISO-8601 UTC time such as 2026-04-28T09:00:00Z (fractions accepted), from "
            + "1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z.";

    @Schema(name = "ResourceId", type = SchemaType.STRING, format = "uuid", description = "An id; text that is no "
            + "UUID is no resource's id (404).")
    static final class Id {

        private Id() {
        }
    }

    private OpenApiDocs() {
    }
}
