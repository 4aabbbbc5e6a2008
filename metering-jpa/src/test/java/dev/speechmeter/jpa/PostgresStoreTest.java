package dev.speechmeter.jpa;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import javax.sql.DataSource;

/** The store on a real PostgreSQL server, started for this class and stopped after it. */
class PostgresStoreTest extends StoreContractTest {

    private EmbeddedPostgres postgres;

    @Override
    DataSource startDatabase() throws IOException {
        postgres = EmbeddedPostgres.start();
        return postgres.getPostgresDatabase();
    }

    @Override
    void stopDatabase() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }
}
