package dev.speechmeter.jpa;

import jakarta.persistence.SharedCacheMode;
import jakarta.persistence.ValidationMode;
import jakarta.persistence.spi.ClassTransformer;
import jakarta.persistence.spi.PersistenceUnitInfo;
import jakarta.persistence.spi.PersistenceUnitTransactionType;
import java.net.URL;
import java.security.CodeSource;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * The {@code speechmeter} persistence unit, described in code instead of a
 * {@code META-INF/persistence.xml}: a unit the jar declared would be started by the server as one
 * more unit of the application, beside its own, and make its unnamed {@code @PersistenceContext}
 * ambiguous. This one exists only for the provider {@link SpeechmeterPersistence} hands it to.
 *
 * <pre>{@code
 * EntityManagerFactory factory = SpeechmeterPersistence.open(SpeechmeterUnit.jta(dataSource), Map.of());
 * }</pre>
 *
 * <p>Its classes are the five entities below, with the converter of their times, and no other; the provider creates and changes no
 * table (Flyway does, {@link SchemaMigrator}), keeps no second-level cache (the key directory has
 * its own) and validates nothing.
 */
final class SpeechmeterUnit implements PersistenceUnitInfo {

    static final String NAME = "speechmeter";

    static final List<String> ENTITIES = List.of(
            OrganizationEntity.class.getName(),
            ProjectEntity.class.getName(),
            LimitEntity.class.getName(),
            ApiKeyEntity.class.getName(),
            UsageEntryEntity.class.getName());

    private static final List<String> MANAGED_CLASSES =
            Stream.concat(ENTITIES.stream(), Stream.of(InstantColumn.class.getName())).toList();

    private final PersistenceUnitTransactionType transactionType;
    private final DataSource dataSource;

    private SpeechmeterUnit(PersistenceUnitTransactionType transactionType, DataSource dataSource) {
        this.transactionType = transactionType;
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** The unit in a Jakarta EE server: its entity managers join the server's JTA transactions. */
    static SpeechmeterUnit jta(DataSource dataSource) {
        return new SpeechmeterUnit(PersistenceUnitTransactionType.JTA, dataSource);
    }

    /** The unit outside a server: each entity manager runs its own transactions on {@code dataSource}. */
    static SpeechmeterUnit resourceLocal(DataSource dataSource) {
        return new SpeechmeterUnit(PersistenceUnitTransactionType.RESOURCE_LOCAL, dataSource);
    }

    @Override
    public String getPersistenceUnitName() {
        return NAME;
    }

    /** None: the provider is the one that was asked ({@link SpeechmeterPersistence}). */
    @Override
    public String getPersistenceProviderClassName() {
        return null;
    }

    /**
     * None. Declared by Jakarta Persistence 3.2 (EE 11), not by the 3.1 API this is compiled
     * against: without the method a 3.2 provider that asks would fail. No scope means the unit is
     * no CDI bean.
     */
    public String getScopeAnnotationName() {
        return null;
    }

    /** None, as {@link #getScopeAnnotationName()}. */
    public List<String> getQualifierAnnotationNames() {
        return List.of();
    }

    @Override
    public PersistenceUnitTransactionType getTransactionType() {
        return transactionType;
    }

    @Override
    public DataSource getJtaDataSource() {
        return transactionType == PersistenceUnitTransactionType.JTA ? dataSource : null;
    }

    @Override
    public DataSource getNonJtaDataSource() {
        return transactionType == PersistenceUnitTransactionType.RESOURCE_LOCAL ? dataSource : null;
    }

    @Override
    public List<String> getMappingFileNames() {
        return List.of();
    }

    @Override
    public List<URL> getJarFileUrls() {
        return List.of();
    }

    /**
     * The jar (or folder) the entities come from, never the application's: EclipseLink names the
     * unit after its root and refuses a unit without one. Nothing is scanned there
     * ({@link #excludeUnlistedClasses()}), and the jar holds no mapping file. {@code null} only
     * where the loader tells no code source.
     */
    @Override
    public URL getPersistenceUnitRootUrl() {
        CodeSource source = SpeechmeterUnit.class.getProtectionDomain().getCodeSource();
        return source == null ? null : source.getLocation();
    }

    /** The {@link #ENTITIES}, and the converter of their times. */
    @Override
    public List<String> getManagedClassNames() {
        return MANAGED_CLASSES;
    }

    @Override
    public boolean excludeUnlistedClasses() {
        return true;
    }

    @Override
    public SharedCacheMode getSharedCacheMode() {
        return SharedCacheMode.NONE;
    }

    @Override
    public ValidationMode getValidationMode() {
        return ValidationMode.NONE;
    }

    @Override
    public Properties getProperties() {
        Properties properties = new Properties();
        properties.setProperty("jakarta.persistence.schema-generation.database.action", "none");
        return properties;
    }

    @Override
    public String getPersistenceXMLSchemaVersion() {
        return "3.0";
    }

    /** The loader of the entities: the jar's own, wherever the application put it. */
    @Override
    public ClassLoader getClassLoader() {
        return SpeechmeterUnit.class.getClassLoader();
    }

    /**
     * Ignored: the entities are already loaded when the provider sees the unit, so a transformer
     * could not change them; they need none.
     */
    @Override
    public void addTransformer(ClassTransformer transformer) {
        // Nothing to do: see above.
    }

    /** The entities' own loader: nothing is transformed, so loading a class early changes nothing. */
    @Override
    public ClassLoader getNewTempClassLoader() {
        return getClassLoader();
    }

    @Override
    public String toString() {
        return "persistence unit " + NAME + " (" + transactionType + ")";
    }
}
