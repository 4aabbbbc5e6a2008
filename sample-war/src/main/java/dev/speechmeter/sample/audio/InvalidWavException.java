package dev.speechmeter.sample.audio;

/** The bytes are not a WAV file this service can measure. The message is fit to show the caller. */
public class InvalidWavException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidWavException(String message) {
        super(message);
    }
}
