package dev.speechmeter.sample.it.host;

import dev.speechmeter.spi.CreatedKey;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.TenantAdmin;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * What the tests of the host application need beside it: {@code POST /host-support/tenants} makes
 * an organization, a project and a key through Speechmeter's {@link TenantAdmin} (in JTA
 * transactions of the server) and answers {@code {"project_id", "api_key"}};
 * {@code GET /host-support/usage?project_id=...&datasource=<JNDI name>} counts the project's usage
 * entries in that data source, {@code {"table": true, "entries": 1}}, {@code "table": false} where
 * it has no Speechmeter tables.
 */
@WebServlet("/host-support/*")
public class HostSupportServlet extends HttpServlet {

    @Inject
    TenantAdmin admin;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"/tenants".equals(request.getPathInfo())) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        UUID organization = admin.createOrganization("host-" + UUID.randomUUID(), Limits.none());
        UUID project = admin.createProject(organization, "host", Limits.none());
        CreatedKey key = admin.createKey(project, "host");
        response.setContentType("application/json");
        response.getWriter().print(Json.createObjectBuilder()
                .add("project_id", project.toString())
                .add("api_key", key.secret())
                .build());
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"/usage".equals(request.getPathInfo())) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        try (Connection connection = dataSource(request.getParameter("datasource")).getConnection()) {
            boolean table = hasUsageTable(connection);
            response.setContentType("application/json");
            response.getWriter().print(Json.createObjectBuilder()
                    .add("table", table)
                    .add("entries", table ? entries(connection, UUID.fromString(request.getParameter("project_id"))) : 0)
                    .build());
        } catch (SQLException | NamingException e) {
            throw new IOException(e);
        }
    }

    private static DataSource dataSource(String name) throws NamingException {
        return (DataSource) new InitialContext().lookup(name);
    }

    private static boolean hasUsageTable(Connection connection) throws SQLException {
        DatabaseMetaData database = connection.getMetaData();
        String table = database.storesUpperCaseIdentifiers() ? "SM_USAGE_ENTRY" : "sm_usage_entry";
        try (ResultSet tables = database.getTables(null, null, table, null)) {
            return tables.next();
        }
    }

    private static int entries(Connection connection, UUID project) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select count(*) from sm_usage_entry where project_id = ? and billable")) {
            select.setObject(1, project);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }
}
