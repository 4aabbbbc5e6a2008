package dev.speechmeter.spi;

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
 */
public record Usage(String model, long inputTextTokens, long inputAudioTokens, long inputAudioDurationMs,
                    long outputTextTokens, long outputAudioTokens, long outputAudioDurationMs) {

    public static final Usage NONE = new Usage(null, 0, 0, 0, 0, 0, 0);

    public Usage {
        requireNotNegative(inputTextTokens, "inputTextTokens");
        requireNotNegative(inputAudioTokens, "inputAudioTokens");
        requireNotNegative(inputAudioDurationMs, "inputAudioDurationMs");
        requireNotNegative(outputTextTokens, "outputTextTokens");
        requireNotNegative(outputAudioTokens, "outputAudioTokens");
        requireNotNegative(outputAudioDurationMs, "outputAudioDurationMs");
    }

    private static void requireNotNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " cannot be negative: " + value);
        }
    }
}
