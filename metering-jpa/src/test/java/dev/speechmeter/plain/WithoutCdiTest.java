package dev.speechmeter.plain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.MeteringConfig;
import dev.speechmeter.MeteringProperties;
import dev.speechmeter.UsageContext;
import dev.speechmeter.jpa.JpaBackends;
import dev.speechmeter.jpa.StoreSettings;
import dev.speechmeter.runtime.MeteringRuntime;
import dev.speechmeter.servlet.MeteringFilter;
import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.CreatedKey;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.TenantAdmin;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A plain servlet application, with no CDI and no Jakarta EE server, metered by Speechmeter: on an
 * embedded Jetty, a {@code ServletContextListener} builds the runtime over the JPA store in
 * transactions of its own and registers the filter, which meters a plain servlet. Keys, limits,
 * {@code 429} and usage entries, on H2 and on PostgreSQL. The bootstrap is the one the deploying
 * guide shows under "Without CDI".
 */
class WithoutCdiTest {

    private static EmbeddedPostgres postgres;

    @TempDir
    Path journal;

    private Server server;
    private URI base;
    private DataSource dataSource;
    private final HttpClient http = HttpClient.newHttpClient();

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aPlainServletIsMeteredWithoutCdi(String database) throws Exception {
        dataSource = database.equals("h2") ? h2() : postgres();
        Speechmeter bootstrap = start(Map.of(
                StoreSettings.JOURNAL_DIRECTORY, journal.toString(),
                MeteringProperties.PROJECT_LIMIT_PREFIX + Limits.REQUESTS_PER_MINUTE, "1000"));
        TenantAdmin admin = bootstrap.store.tenantAdmin();
        UUID organization = admin.createOrganization("Acme", Limits.none());
        UUID project = admin.createProject(organization, "app", Limits.none().with(Limits.REQUESTS_PER_MINUTE, Cap.atMost(2)));
        CreatedKey key = admin.createKey(project, "backend");

        HttpResponse<String> spoken = speak("Bearer " + key.secret());
        HttpResponse<String> again = speak("Bearer " + key.secret());
        HttpResponse<String> third = speak("Bearer " + key.secret());
        HttpResponse<String> anonymous = speak(null);

        assertThat(spoken.statusCode()).isEqualTo(200);
        assertThat(spoken.body()).isEqualTo("spoken: hello");
        assertThat(spoken.headers().firstValue("X-Request-Id")).isPresent();
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(third.statusCode()).as("the project's limit of 2 a minute: %s", third.body()).isEqualTo(429);
        assertThat(third.headers().firstValue("Retry-After")).isPresent();
        assertThat(third.body()).contains("\"error_type\":\"limit_exceeded\"");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("\"error_type\"");
        // Under sync durability a response ends once its entry is committed: no waiting needed.
        UUID first = UUID.fromString(spoken.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(storedEntry(first)).isEqualTo("200 tts_rest 5");
        assertThat(billedEntries(project)).as("the two served requests are billed, not the refused one").isEqualTo(2);
    }

    private Speechmeter start(Map<String, String> settings) throws Exception {
        Speechmeter bootstrap = new Speechmeter(dataSource, settings);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addEventListener(bootstrap);
        context.addServlet(SpeechServlet.class, "/tts");
        server = new Server(0);
        server.setHandler(context);
        server.start();
        base = URI.create("http://localhost:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
        return bootstrap;
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    private HttpResponse<String> speak(String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/tts")).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("hello"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String storedEntry(UUID requestId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "select status_code, request_scope, input_text_tokens from sm_usage_entry where uuid = ?")) {
            select.setObject(1, requestId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getInt(1) + " " + row.getString(2) + " " + row.getLong(3) : null;
            }
        }
    }

    private long billedEntries(UUID project) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "select count(*) from sm_usage_entry where project_id = ? and billable")) {
            select.setObject(1, project);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static DataSource h2() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:plain-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return h2;
    }

    private static synchronized DataSource postgres() throws IOException {
        if (postgres == null) {
            postgres = EmbeddedPostgres.start();
        }
        return postgres.getPostgresDatabase();
    }

    /**
     * The application's bootstrap, as a plain servlet application writes it: the store and the
     * runtime made when the application starts, the filter registered, the store closed (every
     * queued entry written) when it stops.
     */
    static final class Speechmeter implements ServletContextListener {

        private final DataSource dataSource;
        private final Map<String, String> settings;
        JpaBackends store;

        Speechmeter(DataSource dataSource, Map<String, String> settings) {
            this.dataSource = dataSource;
            this.settings = settings;
        }

        @Override
        public void contextInitialized(ServletContextEvent event) {
            MeteringConfig config = MeteringConfig.fromProperties(settings::get);
            store = JpaBackends.resourceLocal(dataSource, config, StoreSettings.fromProperties(settings::get),
                    InstantSource.system());
            MeteringRuntime runtime = MeteringRuntime.builder(config)
                    .keys(store.keyDirectory())
                    .ledger(store.usageLedger())
                    .capacities(store.capacityLedger())
                    .build();
            ServletContext context = event.getServletContext();
            FilterRegistration.Dynamic filter = context.addFilter("speechmeter", new MeteringFilter(runtime));
            filter.setInitParameter("speechmeter.endpoints", "/tts  tts_rest  pool=tts");
            filter.setAsyncSupported(true);
            filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC), false, "/*");
        }

        @Override
        public void contextDestroyed(ServletContextEvent event) {
            if (store != null) {
                store.close();
            }
        }
    }

    /** A speech endpoint that knows nothing of metering but the usage it reports. */
    public static final class SpeechServlet extends HttpServlet {

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String text = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            UsageContext.of(request).model("plain-tts").inputTextTokens(text.length());
            response.setContentType("text/plain");
            response.getWriter().print("spoken: " + text);
        }
    }
}
