package dev.speechmeter.spi;

/**
 * Turns an {@link ApiError} into a response body. The default is the Soniox shape; a deployer
 * can plug another one.
 */
public interface ErrorRenderer {

    /** The media type of the bodies this renderer makes. */
    String contentType();

    /** The body for this error; never a stack trace, SQL or a key. */
    String render(ApiError error);
}
