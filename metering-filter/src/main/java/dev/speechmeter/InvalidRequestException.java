package dev.speechmeter;

/**
 * Bad input from the caller. Thrown from inside a metered request, it becomes a
 * {@code 400 invalid_request} in the error shape with a validation error for the field.
 *
 * <pre>{@code
 * throw new InvalidRequestException("body.text", "missing", "text is required");
 * }</pre>
 */
public class InvalidRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String location;
    private final String errorType;

    /**
     * @param location  {@code query.<name>}, {@code body.<name>} or {@code header.<name>}
     * @param errorType e.g. {@code missing}, {@code less_than_equal}, {@code invalid}
     * @param message   said to the caller as it is, so it must not reveal internals
     */
    public InvalidRequestException(String location, String errorType, String message) {
        super(message, null, false, false);
        this.location = location;
        this.errorType = errorType;
    }

    public String location() {
        return location;
    }

    public String errorType() {
        return errorType;
    }
}
