package dev.speechmeter;

import dev.speechmeter.spi.ApiError;

/**
 * A request refused by a limit: which limit, which level, and when to retry.
 *
 * <pre>{@code
 * catch (LimitExceededException e) {
 *     log.info("{} refused at {} level, retry in {} s", e.limit(), e.level(), e.retryAfterSeconds());
 * }
 * }</pre>
 */
public class LimitExceededException extends RequestRefusedException {

    private static final long serialVersionUID = 1L;

    private final String limit;
    private final String level;
    private final String pool;

    /**
     * @param error             the {@code 429 limit_exceeded} error
     * @param limit             {@code request_rate} or {@code concurrency}
     * @param level             {@code organization} or {@code project}
     * @param pool              the pool of a concurrency refusal, else null
     * @param retryAfterSeconds whole seconds after which a retry is admitted if nothing else consumes
     */
    public LimitExceededException(ApiError error, String limit, String level, String pool, long retryAfterSeconds) {
        super(error, retryAfterSeconds);
        this.limit = limit;
        this.level = level;
        this.pool = pool;
    }

    public String limit() {
        return limit;
    }

    public String level() {
        return level;
    }

    public String pool() {
        return pool;
    }
}
