package dev.speechmeter.spi;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The labels a capacity and an endpoint are matched on: what kind of processing, by whom, doing what.
 *
 * <pre>{@code
 * LabelSet labels = new LabelSet("speech_to_text", "sample", "transcribe");
 * }</pre>
 *
 * @param technology one of {@link #TECHNOLOGIES}
 * @param vendor     chosen by the deployer, e.g. {@code phonexia}, {@code whisper}
 * @param operation  chosen by the deployer, e.g. {@code transcribe}, {@code diarize}
 */
public record LabelSet(String technology, String vendor, String operation) implements Comparable<LabelSet> {

    private static final Comparator<LabelSet> ORDER = Comparator.comparing(LabelSet::technology)
            .thenComparing(LabelSet::vendor).thenComparing(LabelSet::operation);

    /** The technologies a capacity label may name. */
    public static final Set<String> TECHNOLOGIES = Set.of("speaker_identification", "speech_to_text",
            "time_analysis", "language_identification", "speaker_diarization", "voice_activity_detection",
            "audio_quality_estimation");

    private static final Pattern FREE_LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public LabelSet {
        Objects.requireNonNull(technology, "technology");
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(operation, "operation");
        if (!TECHNOLOGIES.contains(technology)) {
            throw new IllegalArgumentException("technology '" + technology + "' is not one of " + TECHNOLOGIES);
        }
        requireFree("vendor", vendor);
        requireFree("operation", operation);
    }

    /** The labels as the billing endpoints list them: technology, vendor, operation. */
    public List<Map.Entry<String, String>> entries() {
        return List.of(Map.entry("technology", technology), Map.entry("vendor", vendor),
                Map.entry("operation", operation));
    }

    /** {@code technology=speech_to_text, vendor=sample, operation=transcribe}, for messages. */
    @Override
    public String toString() {
        return "technology=" + technology + ", vendor=" + vendor + ", operation=" + operation;
    }

    @Override
    public int compareTo(LabelSet other) {
        return ORDER.compare(this, other);
    }

    private static void requireFree(String name, String value) {
        if (!FREE_LABEL.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " '" + value
                    + "' must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }
}
