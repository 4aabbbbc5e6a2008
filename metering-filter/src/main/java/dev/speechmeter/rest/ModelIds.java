package dev.speechmeter.rest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The stable id of a model, which the Deepgram-style endpoints give as {@code model_id} and in a
 * request's {@code models}: a name-based UUID (version 5, SHA-1) of the model's name in
 * Speechmeter's own namespace. The same name has the same id on every server, forever, with
 * nothing to configure or store.
 */
final class ModelIds {

    /** The namespace of model names; changing it would change every id clients have kept. */
    static final UUID NAMESPACE = UUID.fromString("5f0c8a4e-2b1d-4c57-9a43-6d2e8f1b7c90");

    private ModelIds() {
    }

    /** The id of the model with this name. */
    static UUID of(String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-1", e);
        }
        sha1.update(ByteBuffer.allocate(16).putLong(NAMESPACE.getMostSignificantBits())
                .putLong(NAMESPACE.getLeastSignificantBits()).array());
        ByteBuffer hash = ByteBuffer.wrap(sha1.digest(name.getBytes(StandardCharsets.UTF_8)));
        long high = hash.getLong() & ~0xF000L | 0x5000L;
        long low = hash.getLong() & ~(0xC000L << 48) | 0x8000L << 48;
        return new UUID(high, low);
    }

    /**
     * The model filter's values as names: a value that is the id of one of the {@code known}
     * models becomes that model's name; any other value is kept as a name. The known models are
     * asked for only when a value looks like a UUID.
     */
    static List<String> asNames(List<String> values, Supplier<List<String>> known) {
        List<String> names = new ArrayList<>(values.size());
        List<String> models = null;
        for (String value : values) {
            String name = value;
            UUID id = ApiCall.pathId(value).orElse(null);
            if (id != null) {
                models = models == null ? known.get() : models;
                name = models.stream().filter(model -> of(model).equals(id)).findFirst().orElse(value);
            }
            names.add(name);
        }
        return names;
    }
}
