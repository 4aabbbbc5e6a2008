package dev.speechmeter.jpa;

/**
 * What Speechmeter does with its tables when the application starts
 * ({@code speechmeter.schema.mode}): {@code migrate} (the default) creates and updates them;
 * {@code validate} only checks that every migration has been applied, and fails the start naming
 * what is missing; {@code none} touches nothing, for a schema a DBA manages by hand.
 */
public enum SchemaMode {
    MIGRATE,
    VALIDATE,
    NONE
}
