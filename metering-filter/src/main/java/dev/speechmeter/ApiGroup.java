package dev.speechmeter;

/**
 * The groups of Speechmeter's own REST endpoints, each turned on by naming it in
 * {@code speechmeter.rest.groups} (lower case).
 */
public enum ApiGroup {

    /**
     * {@code GET /v1/usage-logs}, {@code GET /v1/usage/summary}, {@code GET /v1/concurrency-limits},
     * {@code GET /v1/concurrent-streams-history}.
     */
    USAGE,
    /** {@code /v1/projects/...}: projects, their requests, usage, breakdown and fields. */
    PROJECTS,
    /** {@code POST /v1/auth/temporary-api-key} and {@code POST /v1/auth/grant}. */
    KEYS,
    /** {@code GET /api/billing/capacities} and {@code GET /api/billing/consumptions}. */
    BILLING,
    /** {@code /v1/admin/...}: organizations, projects, keys, limits and capacities. */
    ADMIN
}
