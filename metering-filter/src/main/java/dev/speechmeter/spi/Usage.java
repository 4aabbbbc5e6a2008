package dev.speechmeter.spi;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What one request used, as its endpoint reported it through {@code dev.speechmeter.UsageContext}.
 * Durations are whole milliseconds; all counts are zero unless reported.
 *
 * @param model                 the model that served the request, or null
 * @param inputTextTokens       text tokens read (for TTS: the text to speak)
 * @param inputAudioTokens      audio tokens read
 * @param inputAudioDurationMs  audio received, in milliseconds
 * @param outputTextTokens      text tokens written (for STT: the transcript)
 * @param outputAudioTokens     audio tokens written
 * @param outputAudioDurationMs audio produced, in milliseconds
 * @param channels              channels of the audio received, 1 to {@value #MAX_CHANNELS} (1 unless reported)
 * @param language              the language the request was served in (a tag such as {@code en} or
 *                              {@code en-US}, see {@link #languageProblem}), or null
 * @param tags                  the caller's labels for the request, distinct, in the order given; see
 *                              {@link #tagsProblem}
 */
public record Usage(String model, long inputTextTokens, long inputAudioTokens, long inputAudioDurationMs,
                    long outputTextTokens, long outputAudioTokens, long outputAudioDurationMs,
                    int channels, String language, List<String> tags) {

    public static final Usage NONE = new Usage(null, 0, 0, 0, 0, 0, 0);

    /** Most channels a request's audio may have. */
    public static final int MAX_CHANNELS = 64;
    /** Longest language tag. */
    public static final int MAX_LANGUAGE_LENGTH = 35;
    /** Most tags a request may carry. */
    public static final int MAX_TAGS = 10;
    /** Longest tag. */
    public static final int MAX_TAG_LENGTH = 128;

    /** Letters first, then subtags of letters and digits joined by hyphens: {@code en}, {@code en-US}, {@code zh-Hans}. */
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*");

    /** What a request used, without channels, language or tags (one channel, none of the others). */
    public Usage(String model, long inputTextTokens, long inputAudioTokens, long inputAudioDurationMs,
                 long outputTextTokens, long outputAudioTokens, long outputAudioDurationMs) {
        this(model, inputTextTokens, inputAudioTokens, inputAudioDurationMs, outputTextTokens, outputAudioTokens,
                outputAudioDurationMs, 1, null, List.of());
    }

    public Usage {
        requireNotNegative(inputTextTokens, "inputTextTokens");
        requireNotNegative(inputAudioTokens, "inputAudioTokens");
        requireNotNegative(inputAudioDurationMs, "inputAudioDurationMs");
        requireNotNegative(outputTextTokens, "outputTextTokens");
        requireNotNegative(outputAudioTokens, "outputAudioTokens");
        requireNotNegative(outputAudioDurationMs, "outputAudioDurationMs");
        requireValid(channelsProblem(channels));
        requireValid(languageProblem(language));
        tags = tags == null ? List.of() : tags;
        requireValid(tagsProblem(tags));
        tags = List.copyOf(new LinkedHashSet<>(tags));
    }

    /** The same usage with another model. */
    public Usage withModel(String otherModel) {
        return new Usage(otherModel, inputTextTokens, inputAudioTokens, inputAudioDurationMs, outputTextTokens,
                outputAudioTokens, outputAudioDurationMs, channels, language, tags);
    }

    /** Why {@code channels} cannot be a request's channel count, or null when it can. */
    public static String channelsProblem(int channels) {
        return channels < 1 || channels > MAX_CHANNELS
                ? "channels must be from 1 to " + MAX_CHANNELS + ", not " + channels + "."
                : null;
    }

    /**
     * Why {@code language} cannot be a request's language, or null when it can (null included): at
     * most {@value #MAX_LANGUAGE_LENGTH} characters, 2 to 8 ASCII letters, then any number of
     * hyphenated subtags of 1 to 8 ASCII letters or digits.
     */
    public static String languageProblem(String language) {
        if (language == null) {
            return null;
        }
        return language.length() > MAX_LANGUAGE_LENGTH || !LANGUAGE.matcher(language).matches()
                ? "language must be a language tag such as en or en-US, of at most " + MAX_LANGUAGE_LENGTH
                        + " characters."
                : null;
    }

    /**
     * Why {@code tags} cannot be a request's tags, or null when they can: at most
     * {@value #MAX_TAGS} distinct tags, each of 1 to {@value #MAX_TAG_LENGTH} characters with no
     * control character and no unpaired surrogate.
     */
    public static String tagsProblem(List<String> tags) {
        if (tags.size() > MAX_TAGS && new LinkedHashSet<>(tags).size() > MAX_TAGS) {
            return "A request may carry at most " + MAX_TAGS + " distinct tags.";
        }
        for (String tag : tags) {
            if (tag == null || tag.isEmpty() || tag.length() > MAX_TAG_LENGTH) {
                return "A tag must have 1 to " + MAX_TAG_LENGTH + " characters.";
            }
            if (tag.chars().anyMatch(Character::isISOControl) || !StandardCharsets.UTF_8.newEncoder().canEncode(tag)) {
                return "A tag must not hold a control character or an unpaired surrogate.";
            }
        }
        return null;
    }

    private static void requireValid(String problem) {
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    private static void requireNotNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " cannot be negative: " + value);
        }
    }
}
