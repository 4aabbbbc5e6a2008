package dev.speechmeter.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.api.resource.LoadableResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The migration indexes must list every migration, since nothing else finds them in a server. */
class MigrationIndexTest {

    private static final Path SOURCES = Path.of("src/main/resources", SchemaMigrator.ROOT);
    private static final ClassLoader LOADER = MigrationIndexTest.class.getClassLoader();

    @Test
    void thereIsAFolderForEachSupportedDatabase() throws IOException {
        try (Stream<Path> folders = Files.list(SOURCES)) {
            assertThat(folders.map(folder -> folder.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(Stream.of(SqlDialect.values()).map(SqlDialect::folder).toList());
        }
    }

    @ParameterizedTest
    @EnumSource(SqlDialect.class)
    void everyMigrationOfAFolderIsListedInItsIndex(SqlDialect dialect) throws IOException {
        String folder = dialect.folder();
        List<String> listed = IndexedMigrations.fileNames(LOADER, SchemaMigrator.ROOT + "/" + folder);

        assertThat(listed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(sqlFilesIn(folder));
    }

    @ParameterizedTest
    @EnumSource(SqlDialect.class)
    void everyDatabaseHasTheSameMigrations(SqlDialect dialect) throws IOException {
        assertThat(sqlFilesIn(dialect.folder())).containsExactlyInAnyOrderElementsOf(sqlFilesIn("h2"));
    }

    @Test
    void theIndexHandsFlywayTheListedMigrations() throws IOException {
        IndexedMigrations migrations = IndexedMigrations.load(LOADER, SchemaMigrator.ROOT + "/h2");

        assertThat(migrations.getResources("V", new String[] {".sql"}))
                .map(LoadableResource::getFilename)
                .containsExactly("V1__initial_schema.sql", "V2__daily_usage.sql", "V3__request_list.sql",
                        "V4__temporary_keys.sql", "V5__key_permissions.sql", "V6__capacities.sql",
                        "V7__request_details.sql", "V8__capacity_label_subsets.sql", "V9__open_jobs.sql",
                        "V10__idempotency_keys.sql");
        assertThat(migrations.getResources("R", new String[] {".sql"})).isEmpty();
        assertThat(migrations.getResource("V1__initial_schema.sql")).isNotNull();
        assertThat(migrations.getResource("V2__missing.sql")).isNull();
        try (BufferedReader reader = new BufferedReader(migrations.getResource("V1__initial_schema.sql").read())) {
            assertThat(reader.lines()).anyMatch(line -> line.startsWith("create table sm_usage_entry"));
        }
    }

    @Test
    void anIndexListingAMissingFileIsRefused() {
        assertThatThrownBy(() -> IndexedMigrations.load(LOADER, "db/broken"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("V1__gone.sql");
    }

    @Test
    void aMissingIndexIsRefused() {
        assertThatThrownBy(() -> IndexedMigrations.load(LOADER, "db/nowhere"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("db/nowhere/" + IndexedMigrations.INDEX);
    }

    private static List<String> sqlFilesIn(String folder) throws IOException {
        try (Stream<Path> files = Files.list(SOURCES.resolve(folder))) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".sql")).toList();
        }
    }
}
