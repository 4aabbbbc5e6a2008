package dev.speechmeter.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.ApiGroup;
import dev.speechmeter.rest.ApiGroups;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document the server makes of the deployed sample ({@code /openapi}), held against
 * the code and against real answers. The endpoints come from the code: every resource method of
 * every {@link ApiGroup}, so an endpoint added without its documentation fails here.
 */
class OpenApiIT extends SampleIT {

    private static final String ADMIN = "it-admin";
    private static final String ADMIN_PASSWORD = "it-admin-password";
    private static final String JSON = "application/json";
    /** The schemas an error may have: the configured style's (or the problem shape), and Deepgram's. */
    private static final Map<String, String> ERROR_SCHEMAS = Map.of(JSON, "ErrorBody",
            "application/problem+json", "ProblemDetails");
    private static final String DEEPGRAM_ERROR = "DeepgramError";
    private static final Pattern TEMPLATE = Pattern.compile("\\{(\\w+)[^}]*}");

    private JsonObject document;
    private SchemaCheck check;

    @BeforeEach
    void readTheDocument() {
        HttpResponse<String> response = client.get(null, "/openapi?format=JSON", "Accept", JSON);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        document = SampleClient.json(response.body());
        check = new SchemaCheck(document);
    }

    @Test
    void everyEndpointOfEveryGroupIsDocumented() {
        List<Endpoint> endpoints = endpoints();
        List<String> problems = new ArrayList<>();

        for (Endpoint endpoint : endpoints) {
            JsonObject operation = operation(endpoint);
            if (operation == null) {
                problems.add(endpoint + ": not in the document");
                continue;
            }
            documentationProblems(endpoint, operation).forEach(problem -> problems.add(endpoint + ": " + problem));
        }

        assertThat(endpoints).extracting(Endpoint::group).containsAll(List.of(ApiGroup.values()));
        assertThat(endpoints).hasSizeGreaterThanOrEqualTo(26);
        assertThat(problems).isEmpty();
    }

    @Test
    void everyGetAnswersWhatItsSchemaDeclares() {
        Seed seed = seed();
        List<String> problems = new ArrayList<>();
        Set<String> answered = new TreeSet<>();
        Set<String> declared = new TreeSet<>();

        for (Endpoint endpoint : endpoints()) {
            if (!endpoint.method().equals("GET")) {
                continue;
            }
            JsonObject operation = operation(endpoint);
            String target = target(endpoint, operation, seed);
            HttpResponse<String> response = isAdmin(operation)
                    ? client.admin(ADMIN, ADMIN_PASSWORD, "GET", target, null)
                    : client.get(seed.tenant().authorization(), target);
            JsonObject schema = responseSchema(operation, "200", response);
            declared.addAll(check.reachable(schema));
            problems.addAll(answerProblems(endpoint + " " + target, response, 200, schema));
            answered.add(endpoint.path());
        }

        assertThat(problems).isEmpty();
        assertThat(answered).contains("/v1/usage-logs", "/v1/projects/{project_id}/requests",
                "/v1/admin/{level}/{id}/capacities");
        assertThat(check.checkedSchemas()).as("every schema a GET answers with was held against a real value")
                .containsAll(declared);
    }

    @Test
    void writesAndErrorsAnswerWhatTheirSchemasDeclare() {
        Seed seed = seed();
        String authorization = seed.tenant().authorization();
        String keys = "/v1/admin/projects/" + seed.tenant().projectId() + "/keys";
        List<String> problems = new ArrayList<>();

        problems.addAll(answer("POST", "/v1/auth/temporary-api-key", 201, client.postJson(authorization,
                "/v1/auth/temporary-api-key",
                "{\"usage_type\": \"transcribe_websocket\", \"expires_in_seconds\": 60}")));
        problems.addAll(answer("POST", "/v1/auth/grant", 200, client.postJson(authorization, "/v1/auth/grant", "{}")));
        problems.addAll(answer("POST", "/v1/admin/projects/{project_id}/keys", 201,
                client.admin(ADMIN, ADMIN_PASSWORD, "POST", keys, "{\"name\": \"documented\"}")));
        problems.addAll(answer("GET", "/v1/usage-logs", 400, client.get(authorization, "/v1/usage-logs?limit=0")));
        problems.addAll(answer("GET", "/v1/concurrency-limits", 401, client.get("Bearer not-a-key",
                "/v1/concurrency-limits")));
        problems.addAll(answer("GET", "/v1/admin/projects/{project_id}/keys", 401,
                client.admin(null, null, "GET", keys, null)));
        problems.addAll(answer("GET", "/v1/projects/{project_id}/requests", 400, client.get(authorization,
                "/v1/projects/" + seed.tenant().projectId() + "/requests?limit=0")));
        problems.addAll(answer("GET", "/v1/projects/{project_id}", 404, client.get(authorization,
                "/v1/projects/not-a-project")));

        assertThat(problems).isEmpty();
        assertThat(check.checkedSchemas()).contains("TemporaryKey", "Grant", "CreatedApiKey", "SonioxError",
                "ValidationError", DEEPGRAM_ERROR);
    }

    /** The endpoints the code serves: every resource method of every group, with its path template. */
    private static List<Endpoint> endpoints() {
        Set<Class<?>> providers = ApiGroups.classes();
        List<Endpoint> endpoints = new ArrayList<>();
        for (ApiGroup group : ApiGroup.values()) {
            for (Class<?> resource : ApiGroups.classes(group)) {
                if (providers.contains(resource) || !resource.isAnnotationPresent(Path.class)) {
                    continue;
                }
                for (Method method : resource.getDeclaredMethods()) {
                    String http = httpMethod(method);
                    if (http != null && Modifier.isPublic(method.getModifiers())) {
                        Path path = method.getAnnotation(Path.class);
                        endpoints.add(new Endpoint(group, http, template(resource.getAnnotation(Path.class).value()
                                + (path == null ? "" : "/" + path.value())), method));
                    }
                }
            }
        }
        return endpoints;
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    /** {@code /v1/admin/{level: organizations|projects}/{id}/} as OpenAPI writes it: {@code /v1/admin/{level}/{id}}. */
    private static String template(String path) {
        String plain = TEMPLATE.matcher(("/" + path).replaceAll("/+", "/")).replaceAll("{$1}");
        return plain.length() > 1 && plain.endsWith("/") ? plain.substring(0, plain.length() - 1) : plain;
    }

    private List<String> documentationProblems(Endpoint endpoint, JsonObject operation) {
        List<String> problems = new ArrayList<>();
        String tag = endpoint.group().name().toLowerCase(Locale.ROOT);
        if (!operation.getJsonArray("tags").contains(Json.createValue(tag))) {
            problems.add("not tagged " + tag);
        }
        if (operation.getString("summary", "").isBlank() || operation.getString("description", "").isBlank()) {
            problems.add("no summary or description");
        }
        problems.addAll(securityProblems(operation));
        for (JsonValue parameter : operation.getJsonArray("parameters") == null ? List.<JsonValue>of()
                : operation.getJsonArray("parameters")) {
            JsonObject described = parameter.asJsonObject();
            if (described.getString("description", "").isBlank() || !described.containsKey("schema")) {
                problems.add("parameter " + described.getString("name") + " has no description or schema");
            }
        }
        if (Arrays.asList(endpoint.javaMethod().getParameterTypes()).contains(InputStream.class)) {
            JsonObject body = operation.getJsonObject("requestBody");
            if (body == null || !body.getJsonObject("content").keySet().equals(Set.of(JSON))
                    || !resolves(body.getJsonObject("content").getJsonObject(JSON).getJsonObject("schema"))) {
                problems.add("the request body is not a JSON schema of the document: " + body);
            }
        }
        JsonObject responses = operation.getJsonObject("responses");
        List<String> successes = responses.keySet().stream().filter(code -> code.startsWith("2")).toList();
        if (successes.size() != 1) {
            problems.add("success responses " + successes);
        } else if (!successes.get(0).equals("204")) {
            JsonObject content = responses.getJsonObject(successes.get(0)).getJsonObject("content");
            if (content == null || !content.keySet().equals(Set.of(JSON))
                    || !resolves(content.getJsonObject(JSON).getJsonObject("schema"))) {
                problems.add("the success response has no schema of the document: " + content);
            }
        }
        List<String> errors = responses.keySet().stream().filter(code -> code.compareTo("400") >= 0).toList();
        if (!errors.contains("401")) {
            problems.add("no 401");
        }
        for (String code : errors) {
            JsonObject content = responses.getJsonObject(code).getJsonObject("content");
            Map<String, String> expected = endpoint.group() == ApiGroup.PROJECTS ? Map.of(JSON, DEEPGRAM_ERROR)
                    : ERROR_SCHEMAS;
            if (content == null || !content.keySet().equals(expected.keySet())) {
                problems.add(code + " is not an error body of the document: " + content);
                continue;
            }
            expected.forEach((type, schema) -> {
                String ref = content.getJsonObject(type).getJsonObject("schema").getString("$ref", "");
                if (!ref.equals("#/components/schemas/" + schema) || check.resolve(ref) == null) {
                    problems.add(code + " " + type + " is not " + schema);
                }
            });
        }
        return problems;
    }

    private List<String> securityProblems(JsonObject operation) {
        JsonObject schemes = document.getJsonObject("components").getJsonObject("securitySchemes");
        List<String> problems = new ArrayList<>();
        if (operation.getJsonArray("security") == null || operation.getJsonArray("security").isEmpty()) {
            return List.of("no security requirement");
        }
        for (JsonValue requirement : operation.getJsonArray("security")) {
            for (String scheme : requirement.asJsonObject().keySet()) {
                if (schemes == null || !schemes.containsKey(scheme)) {
                    problems.add("the security scheme " + scheme + " is not declared");
                }
            }
        }
        return problems;
    }

    private boolean resolves(JsonObject schema) {
        if (schema == null || !schema.containsKey("$ref")) {
            return false;
        }
        JsonObject target = check.resolve(schema.getString("$ref"));
        return target != null && (target.containsKey("properties") || target.containsKey("additionalProperties"));
    }

    private JsonObject operation(Endpoint endpoint) {
        JsonObject path = document.getJsonObject("paths").getJsonObject(endpoint.path());
        return path == null ? null : path.getJsonObject(endpoint.method().toLowerCase(Locale.ROOT));
    }

    private JsonObject operation(String method, String path) {
        return document.getJsonObject("paths").getJsonObject(path).getJsonObject(method.toLowerCase(Locale.ROOT));
    }

    private static boolean isAdmin(JsonObject operation) {
        return operation.getJsonArray("security").getJsonObject(0).containsKey("admin");
    }

    /**
     * The path and query of a call to the endpoint: its path parameters and the query parameters
     * the document calls required, from the seed.
     */
    private static String target(Endpoint endpoint, JsonObject operation, Seed seed) {
        Matcher names = TEMPLATE.matcher(endpoint.path());
        StringBuilder path = new StringBuilder();
        while (names.find()) {
            names.appendReplacement(path, Matcher.quoteReplacement(seed.value(names.group(1))));
        }
        names.appendTail(path);
        StringBuilder query = new StringBuilder();
        for (JsonValue parameter : operation.getJsonArray("parameters") == null ? List.<JsonValue>of()
                : operation.getJsonArray("parameters")) {
            JsonObject described = parameter.asJsonObject();
            if (described.getString("in").equals("query") && described.getBoolean("required", false)) {
                String name = described.getString("name");
                query.append(query.length() == 0 ? '?' : '&').append(name).append('=').append(seed.value(name));
            }
        }
        return path + query.toString();
    }

    private JsonObject responseSchema(JsonObject operation, String code, HttpResponse<String> response) {
        JsonObject documented = operation.getJsonObject("responses").getJsonObject(code);
        assertThat(documented).as("the document's " + code + " of " + response.uri()).isNotNull();
        String type = response.headers().firstValue("Content-Type").orElse("").split(";")[0].trim();
        JsonObject content = documented.getJsonObject("content");
        assertThat(content.keySet()).as("the media type of " + response.uri()).contains(type);
        return content.getJsonObject(type).getJsonObject("schema");
    }

    private List<String> answer(String method, String path, int status, HttpResponse<String> response) {
        JsonObject schema = responseSchema(operation(method, path), Integer.toString(status), response);
        return answerProblems(method + " " + path, response, status, schema);
    }

    private List<String> answerProblems(String call, HttpResponse<String> response, int status, JsonObject schema) {
        if (response.statusCode() != status) {
            return List.of(call + ": " + response.statusCode() + " " + response.body());
        }
        return check.problems(SampleClient.json(response.body()), schema).stream().map(problem -> call + ": " + problem)
                .toList();
    }

    /**
     * A project with a billed and a failed transcription, a capacity, and the values to call every
     * GET with; a path or required query parameter without a value here fails the test that needs it.
     */
    private Seed seed() {
        Tenant tenant = client.newTenant(null, null);
        HttpResponse<String> capacity = client.admin(ADMIN, ADMIN_PASSWORD, "PUT", "/v1/admin/projects/"
                + tenant.projectId() + "/capacities/speech_to_text/sample/transcribe/day", "{\"capacity\": 3600}");
        assertThat(capacity.statusCode()).as(capacity.body()).isEqualTo(204);
        HttpResponse<String> billed = client.transcribe(tenant.authorization(), TestAudio.tone(Duration.ofSeconds(36)));
        assertThat(billed.statusCode()).as(billed.body()).isEqualTo(200);
        HttpResponse<String> failed = client.transcribe(tenant.authorization(), "not audio".getBytes());
        assertThat(failed.statusCode()).isEqualTo(400);
        String requestId = billed.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(client.usageEntry(requestId)).isNotNull();
        assertThat(client.usageEntry(failed.headers().firstValue("X-Request-Id").orElseThrow())).isNotNull();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, String> values = new HashMap<>(Map.of("project_id", tenant.projectId(), "id", tenant.projectId(),
                "level", "projects", "request_id", requestId, "start_time", now.minus(1, ChronoUnit.HOURS).toString(),
                "end_time", now.plus(1, ChronoUnit.HOURS).toString(), "period_sec", "3600", "kind", "stt"));
        return new Seed(tenant, values);
    }

    private record Endpoint(ApiGroup group, String method, String path, Method javaMethod) {

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private record Seed(Tenant tenant, Map<String, String> values) {

        String value(String name) {
            String value = values.get(name);
            if (value == null) {
                throw new AssertionError("No value to call an endpoint with for the parameter " + name
                        + ": add one to OpenApiIT's seed");
            }
            return value;
        }
    }
}
