package dev.speechmeter.spi;

import dev.speechmeter.spi.Level;

/**
 * The answer of {@link LimitStore#takeRequest}.
 *
 * <pre>{@code
 * RateDecision decision = store.takeRequest(organization, project);
 * if (!decision.taken()) {
 *     refuse(decision.refusedBy(), Duration.ofNanos(decision.nanosToWait()));
 * }
 * }</pre>
 *
 * @param refusedBy    the level without a token; null when a token was taken at both
 * @param nanosToWait  when refused, nanoseconds until both levels would admit the request; else 0
 * @param organization the organization's bucket after the decision; null when it has no cap or when
 *                     the store did not read it on the way (then {@link LimitStore#rateStanding} tells)
 * @param project      the project's bucket after the decision, null likewise
 */
public record RateDecision(Level refusedBy, long nanosToWait, RateStanding organization, RateStanding project) {

    /** A token taken at both levels. */
    public static RateDecision granted(RateStanding organization, RateStanding project) {
        return new RateDecision(null, 0, organization, project);
    }

    /** Refused by {@code level}, to be retried after {@code nanosToWait}. */
    public static RateDecision refused(Level level, long nanosToWait, RateStanding organization, RateStanding project) {
        return new RateDecision(level, nanosToWait, organization, project);
    }

    public boolean taken() {
        return refusedBy == null;
    }

    /** A token taken at both levels, the buckets' standings left for {@link LimitStore#rateStanding}. */
    public static RateDecision granted() {
        return new RateDecision(null, 0, null, null);
    }

    /** The standing of {@code level}'s bucket read with the decision; null when not read. */
    public RateStanding standing(Level level) {
        return level == Level.ORGANIZATION ? organization : project;
    }
}
