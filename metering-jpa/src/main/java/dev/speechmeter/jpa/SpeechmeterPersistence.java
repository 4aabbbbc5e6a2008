package dev.speechmeter.jpa;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.spi.PersistenceProvider;
import jakarta.persistence.spi.PersistenceProviderResolverHolder;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Opens the {@link SpeechmeterUnit} through the standard provider SPI, the way a container opens
 * a unit it read from {@code persistence.xml}: the providers the environment knows
 * ({@link PersistenceProviderResolverHolder}; in a server, the server's own, Hibernate on WildFly),
 * each asked in turn for a container entity manager factory until one makes it.
 *
 * <pre>{@code
 * EntityManagerFactory factory = SpeechmeterPersistence.open(SpeechmeterUnit.resourceLocal(dataSource), Map.of());
 * ...
 * factory.close();
 * }</pre>
 */
final class SpeechmeterPersistence {

    private SpeechmeterPersistence() {
    }

    /**
     * A new factory of the unit; the caller closes it.
     *
     * @param overrides provider properties added to the unit's own
     * @throws PersistenceException when no provider is found, or none makes the factory
     */
    static EntityManagerFactory open(SpeechmeterUnit unit, Map<String, ?> overrides) {
        List<PersistenceProvider> providers =
                PersistenceProviderResolverHolder.getPersistenceProviderResolver().getPersistenceProviders();
        if (providers.isEmpty()) {
            throw new PersistenceException("No Jakarta Persistence provider is available for the " + unit
                    + ": outside a Jakarta EE server, put one (Hibernate ORM) on the class path");
        }
        for (PersistenceProvider provider : providers) {
            EntityManagerFactory factory = provider.createContainerEntityManagerFactory(unit, overrides);
            if (factory != null) {
                return factory;
            }
        }
        throw new PersistenceException("No Jakarta Persistence provider made a factory for the " + unit + "; asked: "
                + providers.stream().map(provider -> provider.getClass().getName()).collect(Collectors.joining(", ")));
    }
}
