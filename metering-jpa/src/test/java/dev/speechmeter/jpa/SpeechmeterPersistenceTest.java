package dev.speechmeter.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechmeter.MeteringConfig;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.spi.PersistenceProvider;
import jakarta.persistence.spi.PersistenceProviderResolver;
import jakarta.persistence.spi.PersistenceProviderResolverHolder;
import jakarta.persistence.spi.PersistenceUnitInfo;
import jakarta.persistence.spi.ProviderUtil;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.hibernate.jpa.HibernatePersistenceProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code speechmeter} unit opened without a {@code persistence.xml}, through the provider SPI. */
class SpeechmeterPersistenceTest {

    private final JdbcDataSource dataSource = new JdbcDataSource();
    private final List<EntityManagerFactory> made = new ArrayList<>();

    {
        dataSource.setURL("jdbc:h2:mem:unit-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        SchemaMigrator.migrate(dataSource);
    }

    @AfterEach
    void restoreTheResolver() {
        PersistenceProviderResolverHolder.setPersistenceProviderResolver(null);
        made.forEach(EntityManagerFactory::close);
    }

    @Test
    void theUnitHoldsSpeechmetersFiveEntitiesAndNoOther() {
        EntityManagerFactory factory = SpeechmeterPersistence.open(SpeechmeterUnit.resourceLocal(dataSource), Map.of());
        made.add(factory);

        assertThat(factory.getMetamodel().getEntities()).extracting(entity -> entity.getJavaType().getName())
                .containsExactlyInAnyOrderElementsOf(SpeechmeterUnit.ENTITIES)
                .containsExactlyInAnyOrder(OrganizationEntity.class.getName(), ProjectEntity.class.getName(),
                        LimitEntity.class.getName(), ApiKeyEntity.class.getName(), UsageEntryEntity.class.getName())
                .doesNotContain(HostEntity.class.getName());
        Long organizations = new ResourceLocalTransactions(factory).inTransaction(em ->
                em.createQuery("select count(o) from OrganizationEntity o", Long.class).getSingleResult());
        assertThat(organizations).isZero();
    }

    @Test
    void eachProviderIsAskedInTurnUntilOneMakesTheFactory() {
        List<String> asked = new ArrayList<>();
        PersistenceProvider declines = new Recording(asked, "declines", null);
        PersistenceProvider hibernate = new Recording(asked, "hibernate", new HibernatePersistenceProvider());
        resolveTo(declines, hibernate);

        made.add(SpeechmeterPersistence.open(SpeechmeterUnit.resourceLocal(dataSource), Map.of()));

        assertThat(asked).containsExactly("declines", "hibernate");
        assertThat(made.get(0).isOpen()).isTrue();
    }

    @Test
    void withoutAProviderTheMessageSaysWhatIsMissing() {
        resolveTo();

        assertThatThrownBy(() -> SpeechmeterPersistence.open(SpeechmeterUnit.resourceLocal(dataSource), Map.of()))
                .isInstanceOf(PersistenceException.class)
                .hasMessageContaining("No Jakarta Persistence provider is available for the persistence unit "
                        + "speechmeter (RESOURCE_LOCAL)");
    }

    @Test
    void whenEveryProviderDeclinesTheyAreNamed() {
        resolveTo(new Recording(new ArrayList<>(), "declines", null));

        assertThatThrownBy(() -> SpeechmeterPersistence.open(SpeechmeterUnit.resourceLocal(dataSource), Map.of()))
                .isInstanceOf(PersistenceException.class)
                .hasMessageEndingWith("asked: " + Recording.class.getName());
    }

    @Test
    void closingTheStoreClosesTheFactoryItOpened(@TempDir Path journal) {
        Recording hibernate = new Recording(new ArrayList<>(), "hibernate", new HibernatePersistenceProvider());
        resolveTo(hibernate);
        JpaBackends store = JpaBackends.resourceLocal(dataSource, MeteringConfig.defaults(),
                StoreSettings.defaults().withJournalDirectory(journal), InstantSource.system());
        assertThat(hibernate.factories).singleElement().satisfies(factory -> assertThat(factory.isOpen()).isTrue());

        store.close();

        assertThat(hibernate.factories.get(0).isOpen()).isFalse();
    }

    private static void resolveTo(PersistenceProvider... providers) {
        PersistenceProviderResolverHolder.setPersistenceProviderResolver(new PersistenceProviderResolver() {
            @Override
            public List<PersistenceProvider> getPersistenceProviders() {
                return List.of(providers);
            }

            @Override
            public void clearCachedProviders() {
            }
        });
    }

    /** A provider that writes down that it was asked, and hands the unit to {@code delegate} (none: declines). */
    private static final class Recording implements PersistenceProvider {

        private final List<String> asked;
        private final String name;
        private final PersistenceProvider delegate;
        final List<EntityManagerFactory> factories = new ArrayList<>();

        Recording(List<String> asked, String name, PersistenceProvider delegate) {
            this.asked = asked;
            this.name = name;
            this.delegate = delegate;
        }

        @Override
        public EntityManagerFactory createContainerEntityManagerFactory(PersistenceUnitInfo info, Map map) {
            asked.add(name);
            if (delegate == null) {
                return null;
            }
            EntityManagerFactory factory = delegate.createContainerEntityManagerFactory(info, map);
            factories.add(factory);
            return factory;
        }

        @Override
        public EntityManagerFactory createEntityManagerFactory(String emName, Map map) {
            throw new UnsupportedOperationException("only the container contract is used");
        }

        @Override
        public void generateSchema(PersistenceUnitInfo info, Map map) {
            throw new UnsupportedOperationException("the schema is Flyway's");
        }

        @Override
        public boolean generateSchema(String persistenceUnitName, Map map) {
            throw new UnsupportedOperationException("the schema is Flyway's");
        }

        @Override
        public ProviderUtil getProviderUtil() {
            throw new UnsupportedOperationException("getProviderUtil");
        }
    }
}
