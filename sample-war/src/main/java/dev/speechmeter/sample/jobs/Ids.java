package dev.speechmeter.sample.jobs;

import dev.speechmeter.InvalidRequestException;
import dev.speechmeter.UsageContext;
import java.util.Optional;
import java.util.UUID;

/** The ids and references clients send, read without trusting them. */
final class Ids {

    private Ids() {
    }

    /** An id from a path: a UUID in its canonical text, else none (which is not found). */
    static Optional<UUID> parse(String id) {
        if (id == null || id.length() != 36) {
            return Optional.empty();
        }
        try {
            UUID parsed = UUID.fromString(id);
            return parsed.toString().equalsIgnoreCase(id) ? Optional.of(parsed) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A {@code client_reference_id} as sent, checked for its length. */
    static String clientReferenceId(String reference) {
        if (reference != null && reference.length() > UsageContext.MAX_CLIENT_REFERENCE_ID_LENGTH) {
            throw new InvalidRequestException("body.client_reference_id", "string_too_long",
                    "client_reference_id must have at most " + UsageContext.MAX_CLIENT_REFERENCE_ID_LENGTH
                            + " characters.");
        }
        return reference;
    }
}
