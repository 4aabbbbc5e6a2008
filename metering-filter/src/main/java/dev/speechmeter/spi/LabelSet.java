package dev.speechmeter.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The labels a capacity and an endpoint are matched on: what kind of processing, by whom, doing what.
 * An endpoint names all three. A capacity names one, two or all three, and applies to every
 * request whose labels include the ones it names ({@link #appliesTo(LabelSet)}); a label it does
 * not name is null.
 *
 * <pre>{@code
 * LabelSet endpoint = new LabelSet("speech_to_text", "sample", "transcribe");
 * LabelSet allSpeechToText = LabelSet.technology("speech_to_text");
 * allSpeechToText.appliesTo(endpoint);   // true
 * }</pre>
 *
 * @param technology one of {@link #TECHNOLOGIES}; null when not named
 * @param vendor     chosen by the deployer, e.g. {@code phonexia}, {@code whisper}; null when not named
 * @param operation  chosen by the deployer, e.g. {@code transcribe}, {@code diarize}; null when not named
 */
public record LabelSet(String technology, String vendor, String operation) implements Comparable<LabelSet> {

    private static final Comparator<String> UNNAMED_FIRST = Comparator.nullsFirst(Comparator.<String>naturalOrder());
    private static final Comparator<LabelSet> ORDER = Comparator
            .<LabelSet, String>comparing(LabelSet::technology, UNNAMED_FIRST)
            .thenComparing(LabelSet::vendor, UNNAMED_FIRST).thenComparing(LabelSet::operation, UNNAMED_FIRST);

    /** The technologies a capacity label may name. */
    public static final Set<String> TECHNOLOGIES = Set.of("speaker_identification", "speech_to_text",
            "time_analysis", "language_identification", "speaker_diarization", "voice_activity_detection",
            "audio_quality_estimation");

    private static final Pattern FREE_LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /**
     * @throws IllegalArgumentException when no label is named, or a named one is not a valid value;
     *                                  the message starts with the label's name
     */
    public LabelSet {
        if (technology == null && vendor == null && operation == null) {
            throw new IllegalArgumentException("technology, vendor or operation: name at least one label");
        }
        if (technology != null && !TECHNOLOGIES.contains(technology)) {
            throw new IllegalArgumentException("technology '" + technology + "' is not one of " + TECHNOLOGIES);
        }
        requireFree("vendor", vendor);
        requireFree("operation", operation);
    }

    /** The labels of every request on {@code technology}, whatever its vendor and operation. */
    public static LabelSet technology(String technology) {
        return new LabelSet(Objects.requireNonNull(technology, "technology"), null, null);
    }

    /** Whether all three labels are named, as an endpoint's must be. */
    public boolean isComplete() {
        return technology != null && vendor != null && operation != null;
    }

    /**
     * Whether a capacity on these labels applies to a request on {@code request}: every label
     * named here is named there with the same value.
     */
    public boolean appliesTo(LabelSet request) {
        return (technology == null || technology.equals(request.technology))
                && (vendor == null || vendor.equals(request.vendor))
                && (operation == null || operation.equals(request.operation));
    }

    /** The labels named, as the billing endpoints list them: technology, vendor, operation. */
    public List<Map.Entry<String, String>> entries() {
        List<Map.Entry<String, String>> entries = new ArrayList<>(3);
        add(entries, "technology", technology);
        add(entries, "vendor", vendor);
        add(entries, "operation", operation);
        return List.copyOf(entries);
    }

    /** {@code technology=speech_to_text, vendor=sample, operation=transcribe}, the labels named, for messages. */
    @Override
    public String toString() {
        return String.join(", ", entries().stream().map(label -> label.getKey() + "=" + label.getValue()).toList());
    }

    @Override
    public int compareTo(LabelSet other) {
        return ORDER.compare(this, other);
    }

    private static void add(List<Map.Entry<String, String>> entries, String name, String value) {
        if (value != null) {
            entries.add(Map.entry(name, value));
        }
    }

    private static void requireFree(String name, String value) {
        if (value != null && !FREE_LABEL.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " '" + value
                    + "' must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }
}
