package dev.speechmeter.spi;

/**
 * Slots of one pool in use by an organization and by one of its projects, read together by
 * {@link LimitStore#poolUse}.
 *
 * <pre>{@code
 * for (PoolUse use : store.poolUse(organizationId, projectId, List.of("transcribe", "tts"))) {
 *     report(use.pool(), use.organizationInUse(), use.projectInUse());
 * }
 * }</pre>
 *
 * @param pool              the pool's name
 * @param organizationInUse the organization's slots in use, on every server the store serves
 * @param projectInUse      the project's slots in use, likewise
 */
public record PoolUse(String pool, int organizationInUse, int projectInUse) {
}
