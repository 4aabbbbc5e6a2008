package dev.speechmeter.sample.it;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * The PostgreSQL server of the tests on PostgreSQL (failsafe execution "postgres"), on 127.0.0.1 at
 * the {@code it.postgres.database.port} the server's datasource names (standalone-postgres.xml,
 * written by the build). Registered for every test class of that execution through
 * {@code META-INF/services} and extension autodetection, which only that execution turns on; global
 * extensions come before a class's own, so the database is up before Arquillian starts the server.
 * It starts once, and stops when the whole run ends, after the server.
 */
public final class EmbeddedPostgresServer implements BeforeAllCallback {

    private static final Namespace NAMESPACE = Namespace.create(EmbeddedPostgresServer.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        String port = System.getProperty("it.postgres.database.port");
        if (port == null) {
            return;
        }
        // The root store closes its resources in reverse order when the run ends: this one, put
        // before Arquillian's, closes after the server has stopped.
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(
                "server", key -> start(Integer.parseInt(port)), Running.class);
    }

    private static Running start(int port) {
        try {
            return new Running(EmbeddedPostgres.builder().setPort(port).start());
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start on port " + port, e);
        }
    }

    private record Running(EmbeddedPostgres postgres) implements AutoCloseable {

        @Override
        public void close() throws IOException {
            postgres.close();
        }
    }
}
