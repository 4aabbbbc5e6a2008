package dev.speechmeter.servlet;

import dev.speechmeter.UsageRecorder;
import dev.speechmeter.engine.Admission;
import jakarta.servlet.http.HttpServletResponse;

/** One admitted request and its response, until it is settled. */
final class MeteredExchange {

    private final Admission admission;
    private final UsageRecorder usage;
    private final String headerClientReferenceId;
    private final HttpServletResponse response;

    MeteredExchange(Admission admission, UsageRecorder usage, String headerClientReferenceId,
                    HttpServletResponse response) {
        this.admission = admission;
        this.usage = usage;
        this.headerClientReferenceId = headerClientReferenceId;
        this.response = response;
    }

    UsageRecorder usage() {
        return usage;
    }

    HttpServletResponse response() {
        return response;
    }

    /**
     * Releases the slot and records the request. A request that ended in an exception, a timeout
     * or a broken connection is a failure, even if a 2xx status had been set before.
     */
    void settle(int status, boolean failed) {
        int recorded = failed && status < 400 ? HttpServletResponse.SC_INTERNAL_SERVER_ERROR : status;
        String reported = usage.clientReferenceId();
        admission.settle(recorded, usage.snapshot(), reported != null ? reported : headerClientReferenceId);
    }
}
