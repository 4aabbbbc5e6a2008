package dev.speechmeter;

/** When a request's usage entry is durable ({@code speechmeter.usage.durability}). */
public enum Durability {
    /** The request settles only once its entry is committed: the default. */
    SYNC,
    /** The request settles at once; the entry is committed with the next batch. */
    ASYNC
}
