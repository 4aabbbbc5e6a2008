package dev.speechmeter.spi;

/**
 * An organization, or a project of the organization, has the name already: thrown by
 * {@link TenantAdmin#createOrganization} and {@link TenantAdmin#createProject}, also when another
 * caller took the name a moment before (two deployments making the same demo tenant, two admin
 * requests at once).
 *
 * <pre>{@code
 * UUID organization;
 * try {
 *     organization = admin.createOrganization("Acme", Limits.none());
 * } catch (NameTakenException e) {
 *     organization = admin.findOrganizationByName("Acme").orElseThrow();
 * }
 * }</pre>
 */
public class NameTakenException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public NameTakenException(String message) {
        super(message);
    }

    public NameTakenException(String message, Throwable cause) {
        super(message, cause);
    }
}
