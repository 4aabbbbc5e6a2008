package dev.speechmeter.rest;

import dev.speechmeter.rest.UsageSchemas.LimitCap;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The bodies of the admin surface as the OpenAPI document describes them: what {@link AdminBody}
 * reads and {@link AdminResource} writes, and the words of its path parameters. They describe;
 * they never read or write JSON.
 */
final class AdminSchemas {

    static final String OWNER_ID = "The organization's or project's id.";
    static final String LEVEL = "Whether the id is an organization's or a project's.";
    static final String TECHNOLOGY = "The capacity's technology label, or * for a capacity that does not name one.";
    static final String VENDOR = "The capacity's vendor label (1 to 64 letters, digits, '.', '_' or '-'), or * for a "
            + "capacity that does not name one.";
    static final String OPERATION = "The capacity's operation label (1 to 64 letters, digits, '.', '_' or '-'), or * "
            + "for a capacity that does not name one.";
    static final String PERIOD = "The capacity's billing period.";

    private AdminSchemas() {
    }

    @Schema(name = "OwnerLevel", type = SchemaType.STRING, enumeration = {"organizations", "projects"})
    static final class OwnerLevel {

        private OwnerLevel() {
        }
    }

    @Schema(name = "CapacityTechnology", type = SchemaType.STRING, enumeration = {"*", "speaker_identification",
            "speech_to_text", "time_analysis", "language_identification", "speaker_diarization",
            "voice_activity_detection", "audio_quality_estimation"})
    static final class Technology {

        private Technology() {
        }
    }

    @Schema(name = "CapacityLabel", type = SchemaType.STRING, pattern = "\\*|[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
    static final class FreeLabel {

        private FreeLabel() {
        }
    }

    @Schema(name = "BillingPeriod", type = SchemaType.STRING, enumeration = {"month", "week", "day", "hour", "minute"})
    static final class Period {

        private Period() {
        }
    }

    @Schema(name = "NewTenant", description = "An organization or a project to create.")
    record NewTenant(
            @Schema(required = true, minLength = 1, maxLength = AdminBody.MAX_NAME_LENGTH, description = "Unique "
                    + "among the organizations, or among the organization's projects.", examples = "Acme") String name,
            @Schema(nullable = true) Limits limits) {
    }

    @Schema(name = "Limits", type = SchemaType.OBJECT, additionalProperties = LimitCap.class,
            description = "Limits by name: requests_per_minute, and <pool>_concurrent for each configured pool. A "
                    + "number is a cap (0 suspends), null is no cap, and a limit left out follows the configured "
                    + "default.", examples = "{\"requests_per_minute\": 500, \"transcribe_concurrent\": null}")
    static final class Limits {

        private Limits() {
        }
    }

    @Schema(name = "CreatedOrganization", description = "The new organization.")
    record CreatedOrganization(@Schema(name = "organization_id", required = true, format = "uuid") String id) {
    }

    @Schema(name = "CreatedProject", description = "The new project.")
    record CreatedProject(@Schema(name = "project_id", required = true, format = "uuid") String id) {
    }

    @Schema(name = "NewApiKey", description = "A key to create for the project.")
    record NewApiKey(
            @Schema(required = true, minLength = 1, maxLength = AdminBody.MAX_NAME_LENGTH, examples = "backend")
            String name,
            @Schema(nullable = true, minItems = 1, description = "What the key may do; left out, everything.")
            List<Permission> permissions) {
    }

    @Schema(name = "KeyPermission", type = SchemaType.STRING, enumeration = {"speech", "usage:read"},
            description = "speech: the metered speech endpoints and minting temporary keys; usage:read: usage, "
                    + "projects, concurrency and billing.")
    static final class Permission {

        private Permission() {
        }
    }

    @Schema(name = "CreatedApiKey", description = "The new key, with its secret: shown this once, never again.")
    record CreatedApiKey(
            @Schema(name = "api_key_id", required = true, format = "uuid") String apiKeyId,
            @Schema(name = "api_key", required = true, description = "The secret.") String apiKey,
            @Schema(required = true, description = "The secret's start, to recognize the key by.") String prefix,
            @Schema(required = true) List<Permission> permissions) {
    }

    @Schema(name = "ApiKeyList", description = "The project's keys, revoked ones included; never a secret.")
    record ApiKeyList(@Schema(required = true) List<ApiKeyInfo> keys) {
    }

    @Schema(name = "ApiKeyInfo", description = "One key, without its secret.")
    record ApiKeyInfo(
            @Schema(name = "api_key_id", required = true, format = "uuid") String apiKeyId,
            @Schema(required = true) String name,
            @Schema(required = true) String prefix,
            @Schema(name = "created_at", required = true, format = "date-time") String createdAt,
            @Schema(name = "revoked_at", required = true, nullable = true, format = "date-time") String revokedAt,
            @Schema(required = true) List<Permission> permissions) {
    }

    @Schema(name = "CapacitySetting", description = "The capacity to set.")
    record CapacitySetting(
            @Schema(required = true, minimum = "0", maximum = "" + AdminBody.MAX_SECONDS, description = "Whole "
                    + "seconds of processed audio per period, a JSON integer.", examples = "3600") long capacity) {
    }

    @Schema(name = "CapacityExtension", description = "Extra audio for the current period only.")
    record CapacityExtension(
            @Schema(required = true, minimum = "1", maximum = "" + AdminBody.MAX_SECONDS, description = "Whole "
                    + "seconds of processed audio, a JSON integer.", examples = "600") long extra) {
    }
}
