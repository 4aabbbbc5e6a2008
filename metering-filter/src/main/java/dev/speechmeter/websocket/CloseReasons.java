package dev.speechmeter.websocket;

import dev.speechmeter.spi.ApiError;
import jakarta.websocket.CloseReason;

/** How a stream is closed after its error message. */
final class CloseReasons {

    private CloseReasons() {
    }

    /**
     * "Try again later" for a limit, "unexpected condition" for a server error, "policy
     * violation" for everything else the client did; the reason phrase is the error type.
     */
    static CloseReason after(ApiError error) {
        CloseReason.CloseCode code;
        if (error.statusCode() == 429) {
            code = CloseReason.CloseCodes.TRY_AGAIN_LATER;
        } else if (error.statusCode() >= 500) {
            code = CloseReason.CloseCodes.UNEXPECTED_CONDITION;
        } else {
            code = CloseReason.CloseCodes.VIOLATED_POLICY;
        }
        return new CloseReason(code, error.errorType());
    }
}
