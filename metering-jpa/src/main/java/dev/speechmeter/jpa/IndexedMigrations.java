package dev.speechmeter.jpa;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * The migrations of one folder, as listed in its {@value #INDEX}: one file name a line, blank
 * lines and lines starting with {@code #} ignored. Every listed file must exist.
 */
final class IndexedMigrations implements ResourceProvider {

    static final String INDEX = "migrations.txt";

    private final List<IndexedMigration> migrations;

    private IndexedMigrations(List<IndexedMigration> migrations) {
        this.migrations = List.copyOf(migrations);
    }

    static IndexedMigrations load(ClassLoader loader, String folder) {
        List<IndexedMigration> migrations = new ArrayList<>();
        for (String fileName : fileNames(loader, folder)) {
            String path = folder + "/" + fileName;
            if (loader.getResource(path) == null) {
                throw new IllegalStateException(folder + "/" + INDEX + " lists " + fileName + ", which is missing");
            }
            migrations.add(new IndexedMigration(loader, folder, fileName));
        }
        return new IndexedMigrations(migrations);
    }

    static List<String> fileNames(ClassLoader loader, String folder) {
        String index = folder + "/" + INDEX;
        InputStream in = loader.getResourceAsStream(index);
        if (in == null) {
            throw new IllegalStateException("The migration index " + index + " is missing");
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + index, e);
        }
    }

    @Override
    public LoadableResource getResource(String name) {
        return migrations.stream()
                .filter(migration -> name.equals(migration.getRelativePath()) || name.equals(migration.getAbsolutePath()))
                .findFirst()
                .orElse(null);
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
        return migrations.stream()
                .filter(migration -> migration.getFilename().startsWith(prefix))
                .filter(migration -> Arrays.stream(suffixes).anyMatch(migration.getFilename()::endsWith))
                .map(LoadableResource.class::cast)
                .toList();
    }
}
