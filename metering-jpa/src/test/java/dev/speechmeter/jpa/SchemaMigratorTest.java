package dev.speechmeter.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class SchemaMigratorTest {

    @Test
    void migratesASchemaThatAlreadyHoldsTheApplicationsTables() throws SQLException {
        DataSource dataSource = newH2();
        execute(dataSource, "create table orders (id integer primary key)");
        execute(dataSource, "insert into orders values (1)");

        SchemaMigrator.migrate(dataSource);

        assertThat(queryStrings(dataSource, "select \"version\" from \"" + SchemaMigrator.HISTORY_TABLE
                + "\" where \"success\" and \"version\" is not null order by \"installed_rank\""))
                .containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
        assertThat(queryStrings(dataSource, "select count(*) from sm_usage_entry")).containsExactly("0");
        assertThat(queryStrings(dataSource, "select id from orders")).containsExactly("1");
    }

    @Test
    void validateFailsOnAnEmptySchemaNamingWhatIsMissingAndChangesNothing() throws SQLException {
        DataSource dataSource = newH2();

        assertThatThrownBy(() -> SchemaMigrator.prepare(dataSource, SchemaMode.VALIDATE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("speechmeter.schema.mode=validate")
                .hasMessageContaining("initial schema");
        assertThat(tables(dataSource)).noneMatch(table -> table.startsWith("SM_"));
    }

    @Test
    void validatePassesOnceMigratedAndNoneTouchesNothing() throws SQLException {
        DataSource migrated = newH2();
        SchemaMigrator.prepare(migrated, SchemaMode.MIGRATE);
        SchemaMigrator.prepare(migrated, SchemaMode.VALIDATE);

        DataSource untouched = newH2();
        SchemaMigrator.prepare(untouched, SchemaMode.NONE);

        assertThat(tables(migrated)).contains("SM_USAGE_ENTRY", "SM_API_KEY");
        assertThat(tables(untouched)).isEmpty();
    }

    @Test
    void refusesADatabaseItHasNoMigrationsFor() {
        assertThatThrownBy(() -> SchemaMigrator.migrate(reportingProduct("Apache Derby")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Apache Derby")
                .hasMessageContaining("H2")
                .hasMessageContaining("PostgreSQL")
                .hasMessageContaining("MariaDB");
    }

    @Test
    void saysSoWhenTheDatabaseCannotBeReached() {
        JdbcDataSource unreachable = new JdbcDataSource();
        unreachable.setURL("jdbc:h2:mem:missing-" + UUID.randomUUID() + ";IFEXISTS=TRUE");

        assertThatThrownBy(() -> SchemaMigrator.migrate(unreachable))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Could not connect")
                .hasCauseInstanceOf(SQLException.class);
    }

    private static DataSource newH2() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:migrator-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return dataSource;
    }

    /** A data source whose connections say they lead to the given product, and do nothing else. */
    private static DataSource reportingProduct(String productName) {
        DatabaseMetaData metaData = proxy(DatabaseMetaData.class, "getDatabaseProductName", productName);
        Connection connection = proxy(Connection.class, "getMetaData", metaData);
        return proxy(DataSource.class, "getConnection", connection);
    }

    private static <T> T proxy(Class<T> type, String methodName, Object answer) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            if (method.getName().equals(methodName)) {
                return answer;
            }
            if (method.getName().equals("close")) {
                return null;
            }
            throw new UnsupportedOperationException(method.getName());
        }));
    }

    private static List<String> tables(DataSource dataSource) throws SQLException {
        return queryStrings(dataSource,
                "select table_name from information_schema.tables where table_schema = 'PUBLIC'");
    }

    private static void execute(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static List<String> queryStrings(DataSource dataSource, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                values.add(result.getString(1));
            }
        }
        return values;
    }
}
