package dev.speechmeter.jpa;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.resource.LoadableResource;

/** One migration script, read through the class loader each time Flyway asks for it. */
final class IndexedMigration extends LoadableResource {

    private final ClassLoader loader;
    private final String path;
    private final String fileName;

    IndexedMigration(ClassLoader loader, String folder, String fileName) {
        this.loader = loader;
        this.path = folder + "/" + fileName;
        this.fileName = fileName;
    }

    @Override
    public Reader read() {
        InputStream in = loader.getResourceAsStream(path);
        if (in == null) {
            throw new FlywayException("The migration " + path + " is missing");
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    @Override
    public String getAbsolutePath() {
        return path;
    }

    @Override
    public String getAbsolutePathOnDisk() {
        URL url = loader.getResource(path);
        return url == null ? path : url.toExternalForm();
    }

    @Override
    public String getFilename() {
        return fileName;
    }

    @Override
    public String getRelativePath() {
        return fileName;
    }
}
