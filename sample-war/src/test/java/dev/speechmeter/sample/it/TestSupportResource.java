package dev.speechmeter.sample.it;

import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.CreatedKey;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.TenantAdmin;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.sql.DataSource;

/**
 * Added to the sample only in the test deployment: makes a fresh organization, project and key
 * with the limits a test asks for, and reads back the usage entry of a request, as stored.
 */
@Path("/test-support")
@RequestScoped
public class TestSupportResource {

    @Inject
    TenantAdmin admin;

    @Resource(lookup = "java:comp/DefaultDataSource")
    DataSource dataSource;

    /**
     * {@code POST /test-support/tenants?requests_per_minute=3&transcribe_concurrent=2}: limits set on the
     * project; the same names prefixed {@code organization_} set the organization's.
     */
    @POST
    @Path("tenants")
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject createTenant(@QueryParam("requests_per_minute") Integer requestsPerMinute,
                                   @QueryParam("transcribe_concurrent") Integer transcribeConcurrent,
                                   @QueryParam("tts_concurrent") Integer ttsConcurrent,
                                   @QueryParam("organization_requests_per_minute") Integer organizationRequestsPerMinute,
                                   @QueryParam("organization_transcribe_concurrent") Integer organizationTranscribeConcurrent,
                                   @QueryParam("organization_tts_concurrent") Integer organizationTtsConcurrent) {
        Limits limits = limits(requestsPerMinute, transcribeConcurrent, ttsConcurrent);
        UUID organization = admin.createOrganization("it-" + UUID.randomUUID(),
                limits(organizationRequestsPerMinute, organizationTranscribeConcurrent, organizationTtsConcurrent));
        UUID project = admin.createProject(organization, "it", limits);
        CreatedKey key = admin.createKey(project, "it");
        return Json.createObjectBuilder()
                .add("organization_id", organization.toString())
                .add("project_id", project.toString())
                .add("api_key_id", key.apiKeyId().toString())
                .add("api_key", key.secret())
                .build();
    }

    private static Limits limits(Integer requestsPerMinute, Integer transcribeConcurrent, Integer ttsConcurrent) {
        Limits limits = Limits.none();
        if (requestsPerMinute != null) {
            limits = limits.with(Limits.REQUESTS_PER_MINUTE, Cap.atMost(requestsPerMinute));
        }
        if (transcribeConcurrent != null) {
            limits = limits.with(Limits.concurrent("transcribe"), Cap.atMost(transcribeConcurrent));
        }
        if (ttsConcurrent != null) {
            limits = limits.with(Limits.concurrent("tts"), Cap.atMost(ttsConcurrent));
        }
        return limits;
    }

    /**
     * {@code GET /test-support/projects/{project_id}/usage}: how many usage entries the project has,
     * {@code {"entries": 12, "billable": 9, "billable_ids": ["...", ...]}}, the ids of the billable ones included.
     */
    @GET
    @Path("projects/{project_id}/usage")
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject projectUsage(@PathParam("project_id") UUID projectId) throws SQLException {
        JsonArrayBuilder billable = Json.createArrayBuilder();
        int entries = 0;
        int billed = 0;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "select uuid, billable from sm_usage_entry where project_id = ?")) {
            select.setObject(1, projectId);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    entries++;
                    if (row.getBoolean(2)) {
                        billed++;
                        billable.add(row.getObject(1).toString());
                    }
                }
            }
        }
        return Json.createObjectBuilder()
                .add("entries", entries)
                .add("billable", billed)
                .add("billable_ids", billable)
                .build();
    }

    /** The transaction that holds a project's daily usage rows, while a test keeps it. */
    private static final AtomicReference<CountDownLatch> DAILY_ROWS_HELD = new AtomicReference<>();

    /**
     * {@code POST /test-support/projects/{project_id}/daily-usage-lock}: a transaction on its own
     * thread locks the project's daily usage rows and keeps them until {@code DELETE} of the same
     * path; a usage batch that adds to them waits for it, as it would for a slow database.
     * Answers once the rows are locked.
     */
    @POST
    @Path("projects/{project_id}/daily-usage-lock")
    public Response lockDailyUsage(@PathParam("project_id") UUID projectId) throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        if (!DAILY_ROWS_HELD.compareAndSet(null, release)) {
            return Response.status(Response.Status.CONFLICT).build();
        }
        CountDownLatch locked = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                try (PreparedStatement lock = connection.prepareStatement(
                        "select num_requests from sm_usage_daily where project_id = ? for update")) {
                    lock.setObject(1, projectId);
                    lock.executeQuery().close();
                    locked.countDown();
                    release.await(60, TimeUnit.SECONDS);
                } finally {
                    connection.rollback();
                }
            } catch (SQLException | InterruptedException e) {
                locked.countDown();
            }
        }, "test-support-daily-usage-lock");
        holder.start();
        locked.await(30, TimeUnit.SECONDS);
        return Response.noContent().build();
    }

    /** {@code DELETE /test-support/projects/{project_id}/daily-usage-lock}: lets the rows go. */
    @DELETE
    @Path("projects/{project_id}/daily-usage-lock")
    public Response unlockDailyUsage(@PathParam("project_id") UUID projectId) {
        CountDownLatch release = DAILY_ROWS_HELD.getAndSet(null);
        if (release != null) {
            release.countDown();
        }
        return Response.noContent().build();
    }

    /** {@code GET /test-support/database}: the product the default datasource reaches, {@code {"product": "H2"}}. */
    @GET
    @Path("database")
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject database() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return Json.createObjectBuilder()
                    .add("product", connection.getMetaData().getDatabaseProductName())
                    .build();
        }
    }

    /**
     * {@code GET /test-support/projects/{project_id}/idempotency-keys/{key}}: whether the key is
     * held by a request still running ({@code {"running": true}}) or done; 404 when it is not kept.
     */
    @GET
    @Path("projects/{project_id}/idempotency-keys/{key}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response idempotencyKey(@PathParam("project_id") UUID projectId, @PathParam("key") String key)
            throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "select status from sm_idempotency_key where project_id = ? and idem_key = ?")) {
            select.setObject(1, projectId);
            select.setString(2, key);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Response.status(Response.Status.NOT_FOUND).build();
                }
                row.getInt(1);
                return Response.ok(Json.createObjectBuilder().add("running", row.wasNull()).build()).build();
            }
        }
    }

    /** {@code GET /test-support/usage/{request_id}}: the row of {@code sm_usage_entry}, columns as keys; 404 if none. */
    @GET
    @Path("usage/{request_id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response usageEntry(@PathParam("request_id") UUID requestId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("select * from sm_usage_entry where uuid = ?")) {
            select.setObject(1, requestId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Response.status(Response.Status.NOT_FOUND).build();
                }
                return Response.ok(toJson(row)).build();
            }
        }
    }

    private static JsonObject toJson(ResultSet row) throws SQLException {
        ResultSetMetaData columns = row.getMetaData();
        JsonObjectBuilder json = Json.createObjectBuilder();
        for (int i = 1; i <= columns.getColumnCount(); i++) {
            String name = columns.getColumnLabel(i).toLowerCase(Locale.ROOT);
            Object value = row.getObject(i);
            if (value == null) {
                json.addNull(name);
            } else if (value instanceof Boolean flag) {
                json.add(name, flag);
            } else if (value instanceof BigDecimal decimal) {
                json.add(name, decimal.toPlainString());
            } else if (value instanceof Number number) {
                json.add(name, number.longValue());
            } else {
                json.add(name, value.toString());
            }
        }
        return json.build();
    }

    /**
     * {@code GET /test-support/redis-store}: the attributes of this server's Redis store as JMX
     * shows them ({@code dev.speechmeter:type=RedisLimitStore,*}); 404 when there is none.
     */
    @GET
    @Path("redis-store")
    @Produces(MediaType.APPLICATION_JSON)
    public Response redisStore() throws JMException {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names = jmx.queryNames(new ObjectName("dev.speechmeter:type=RedisLimitStore,*"), null);
        if (names.isEmpty()) {
            return Response.status(Response.Status.NOT_FOUND).build();
        }
        ObjectName name = names.iterator().next();
        return Response.ok(Json.createObjectBuilder()
                .add("name", name.toString())
                .add("redis_reachable", (Boolean) jmx.getAttribute(name, "RedisReachable"))
                .add("fallbacks", (Long) jmx.getAttribute(name, "Fallbacks"))
                .add("held_leases", (Integer) jmx.getAttribute(name, "HeldLeases"))
                .build()).build();
    }
}
