package dev.speechmeter.sample.it;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;

/**
 * A seeded generator of bad requests to every endpoint of the sample: Speechmeter's own
 * (usage, projects, keys, limits, billing, admin), the metered speech endpoints, and the sample's
 * unmetered ones. Half of the requests carry a good key (or, on the admin surface, a good
 * administrator) so that the checks behind authentication are reached too. The same seed gives
 * the same requests.
 */
final class BadRequests {

    /** The error shape SPEC section 2 asks of a path's 4xx answers. */
    enum Shape { SONIOX, DEEPGRAM, NONE }

    /** What authenticates a path: an API key, a server user (admin surface), or nothing. */
    enum Door { KEY, ADMIN, NONE }

    /** What a generated request goes to, and how to check its answer. */
    record Request(int index, String api, String method, String target, List<RawHttp.Header> headers, byte[] body,
                   Shape shape, boolean metered, boolean speechmeterPath, boolean goodAuth, List<String> tags,
                   String clientRequestId) implements Findings.Subject {

        /** The request as a client would write it, the key replaced by a placeholder, the body cut short. */
        @Override
        public String reproducer(List<String> secrets) {
            StringBuilder out = new StringBuilder();
            out.append(method).append(' ').append(Strings.escape(hide(target, secrets), 300)).append(" HTTP/1.1");
            for (RawHttp.Header header : headers) {
                out.append(" | ").append(hide(header.printable(), secrets));
            }
            if (body != null) {
                out.append(" | body (").append(body.length).append(" bytes): ")
                        .append(hide(Strings.escape(new String(body, StandardCharsets.ISO_8859_1), 160), secrets));
            }
            return out.toString();
        }

        private static String hide(String text, List<String> secrets) {
            String hidden = text;
            for (int i = 0; i < secrets.size(); i++) {
                hidden = hidden.replace(secrets.get(i), "<secret-" + i + ">");
            }
            return hidden;
        }
    }

    /** Who the requests speak for and about. */
    record Context(String authority, Tenant tenant, Tenant victim, String victimOrganizationId,
                   String temporaryKey, String grantToken, List<String> requestIds, String adminAuthorization,
                   String fileId, String victimFileId, List<String> jobIds) {
    }

    private record Api(String name, String method, Shape shape, Door door, boolean metered,
                       Function<Random, Path> path, List<Param> query, Kind body) {
    }

    /** A path as generated, and whether it still names the API's own path (not a spelling or an escape). */
    private record Path(String path, boolean canonical, String tag) {

        static Path of(String path) {
            return new Path(path, true, null);
        }
    }

    private enum Kind { NONE, WAV, TTS, TEMPORARY_KEY, GRANT, ADMIN_NAMED, ADMIN_LIMITS, ADMIN_KEY, ADMIN_CAPACITY,
        ADMIN_EXTENSION, JOB, UPLOAD }

    private enum Type { TIME, DATE, INT, ENUM, UUID, TEXT, BOOL, CURSOR }

    private record Param(String name, Type type, Function<Random, String> good) {
    }

    private static final List<String> EXTREME_TIMES = List.of(
            "+1000000000-06-01T00:00:00Z", "-999999999-01-01T00:00:00Z", "+999999999-12-31T23:59:59.999999999Z",
            "-1000000000-01-01T00:00:00Z", "0000-01-01", "0000-01-01T00:00:00Z", "9999-12-31",
            "9999-12-31T23:59:59Z", "+10000-01-01T00:00:00Z", "10000-01-01T00:00:00Z", "1970-01-01T00:00:00Z",
            "1969-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "2026-02-30T00:00:00Z",
            "2026-13-01", "2026-04-28T24:00:00Z", "2026-04-28T09:00:00+14:00", "2026-04-28T09:00:00-18:00",
            "2026-04-28T09:00:00+25:00", "2026-04-28T09:00:00.123456789123Z", "2026-04-28T09:00:00",
            "2026-04-28 09:00:00", "2026-04-28T09:00Z", "2026-W18-2", "2026-118", "1e10", "-1", "0", "now", "",
            " ", "null", "2026-04-28T09:00:00Z[Europe/Paris]", "+292278994-08-17T07:12:55Z",
            "1677-09-21T00:12:43Z", "2262-04-11T23:47:16Z", "2026-04-28T09:00:00." + "1".repeat(1200) + "Z",
            "\u0662\u0660\u0662\u0666-04-28", "\uff12\uff10\uff12\uff16-04-28", "2026-04-28T09:00:00\u0000Z",
            "+1000000000-06-01", "-999999999-01-01", "+999999999-12-31", "-999999999-01-01T00:00:00",
            "2026-04-28T09:00:00+01:00:00:00");
    private static final List<String> WEIRD_INTS = List.of("0", "-1", "1001", "2147483647", "2147483648",
            "-2147483649", "99999999999999999999999", "1e3", "0x10", "", " 5", "5 ", "+5", "-0", "1.5", "NaN",
            "\u0661\u0662", "9".repeat(1200), "1_000", "٣");
    private static final List<String> WEIRD_TEXTS = List.of("", " ", "r".repeat(257), "t".repeat(10_000),
            "\u202eabc", "\uD83D\uDE00", "\u4f60\u597d", "\u0000", "a\u0000b", "../../etc/passwd", "<script>", "%",
            "null", "\ud800");
    private static final List<String> WEIRD_ENUMS = List.of("", "x", "SUCCEEDED", "succeeded ", "end_time",
            "\u00e9", "1", "[]", "null", "sync,async");
    private static final List<String> WEIRD_BOOLS = List.of("", "yes", "1", "TRUE", "maybe", "null");
    private static final List<String> BAD_CURSORS = List.of("", "abc", "====", "-_-_", "%00", "x".repeat(10_000),
            Base64.getEncoder().encodeToString("{\"sort\":\"x\",\"end\":\"-999999999-01-01T00:00:00Z\"}".getBytes(StandardCharsets.UTF_8)),
            Base64.getUrlEncoder().encodeToString(new byte[] {0, 1, 2, 3, (byte) 0xFF}),
            Base64.getUrlEncoder().withoutPadding().encodeToString("end_time_asc|9999999999999999999|x".getBytes(StandardCharsets.UTF_8)),
            Base64.getUrlEncoder().withoutPadding().encodeToString(("end_time_asc:" + "9".repeat(1200)).getBytes(StandardCharsets.UTF_8)));
    /** Query text written as is, not encoded: broken escapes, raw non-ASCII, characters a request line must not hold. */
    private static final List<String> RAW_QUERY_JUNK = List.of("%ZZ", "%", "%C3%28", "%00", "%FF", "\u00e9",
            "|", "\"", "<>", "{}", "a=%", "=", "&&&", "a[]=1", "%u0041", "\\", "^", "`");
    private static final List<String> HEADER_VALUES = List.of("", " ", "a", "x".repeat(128), "y".repeat(129),
            "z".repeat(10_000), "a\tb", "a\u007fb", "\u202eabc\u200f", "\uD83D\uDE00", "\u4f60\u597d",
            "../../etc", "<script>alert(1)</script>", "null", "\"quoted\"", "a,b", ",", "%00", "\u00e9",
            "00000000-0000-0000-0000-000000000000");
    private static final List<String> WRONG_METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD",
            "OPTIONS", "TRACE", "FOO", "get", "PROPFIND");
    private static final List<String> CONTENT_TYPES = List.of("text/plain", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=xyz", "application/xml", "", "application/json; charset=utf-16",
            "application/json; charset=bogus", ";;;", "*/*", "a/" + "b".repeat(5_000), "audio/wav; rate=-1",
            "application/octet-stream", "application/json", "audio/wav", "\u00e9/\u00e9");
    private static final List<String> ACCEPTS = List.of("text/html", "application/xml", "*/*",
            "application/json;q=0", "garbage", "audio/wav");
    private static final List<String> TECHNOLOGIES = List.of("speaker_identification", "speech_to_text",
            "time_analysis", "language_identification", "speaker_diarization", "voice_activity_detection",
            "audio_quality_estimation");
    private static final List<String> PERIODS = List.of("month", "week", "day", "hour", "minute");

    private final Context context;
    private final Random random;
    private final List<Api> apis;
    private final List<String> secrets;
    private final BadCredentials credentials;

    BadRequests(Context context, long seed) {
        this.context = context;
        this.random = new Random(seed);
        this.credentials = new BadCredentials(random, context.tenant().apiKey(), context.temporaryKey(),
                context.grantToken(), context.adminAuthorization());
        this.apis = apis();
        this.secrets = List.of(context.tenant().apiKey(), context.victim().apiKey(), context.temporaryKey(),
                context.grantToken());
    }

    /** The secrets a response must never show: the keys of the tenants and the temporary keys. */
    List<String> secrets() {
        return secrets;
    }

    List<Request> generate(int count) {
        List<Request> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            requests.add(next(i));
        }
        return requests;
    }

    private Request next(int index) {
        Api api = pickApi();
        List<String> tags = new ArrayList<>();
        List<RawHttp.Header> headers = new ArrayList<>();
        boolean goodAuth = random.nextBoolean();
        credentials.add(api.door() == Door.ADMIN, api.metered(), goodAuth, headers, tags);

        String method = api.method();
        if (random.nextInt(100) < 10) {
            method = WRONG_METHODS.get(random.nextInt(WRONG_METHODS.size()));
            if (!method.equals(api.method())) {
                tags.add("method:" + method);
            }
        }

        Path path = api.path().apply(random);
        if (path.tag() != null) {
            tags.add(path.tag());
        }
        boolean canonical = path.canonical();
        String target = path.path();
        if (random.nextInt(100) < 8 && target.matches("(/[A-Za-z0-9._-]+)+")) {
            PathSpellings.Spelling spelling = PathSpellings.any(target, context.authority(), random);
            target = spelling.target();
            canonical = false;
            tags.add("path:" + spelling.kind());
        }
        String query = query(api, tags);
        if (!query.isEmpty()) {
            target = target + (target.contains("?") ? "&" : "?") + query;
        }

        String clientRequestId = extraHeaders(headers, tags);
        byte[] body = body(api, method, headers, tags);
        boolean metered = metered(api, path, method);
        return new Request(index, api.name(), method, target, List.copyOf(headers), body, api.shape(), metered,
                canonical && api.shape() != Shape.NONE && !method.equals("HEAD") && !method.equals("OPTIONS"),
                goodAuth, List.copyOf(tags),
                clientRequestId);
    }

    /**
     * Whether the request is metered, as the sample's mapping says: at {@code /v1/transcriptions}
     * only a {@code POST} is (a {@code GET} lists the transcriptions), whichever API it was
     * generated for; elsewhere every method of a metered API is. A method is matched in any case,
     * as a router takes {@code post} for {@code POST}.
     */
    private static boolean metered(Api api, Path path, String method) {
        if (path.path().equals("/v1/transcriptions")) {
            return method.equalsIgnoreCase("POST");
        }
        return api.metered();
    }

    private Api pickApi() {
        int roll = random.nextInt(100);
        if (roll < 14) {
            return apis.get(0);
        }
        if (roll < 28) {
            return apis.get(1);
        }
        if (roll < 38) {
            return apis.get(2);
        }
        return apis.get(3 + random.nextInt(apis.size() - 3));
    }

    // Query parameters.

    private String query(Api api, List<String> tags) {
        List<String> parts = new ArrayList<>();
        for (Param param : api.query()) {
            int roll = random.nextInt(100);
            if (roll < 50) {
                String good = param.good().apply(random);
                if (good != null) {
                    parts.add(param.name() + "=" + encode(good));
                }
            } else if (roll < 82) {
                String weird = weird(param.type());
                parts.add(param.name() + "=" + encode(weird));
                tags.add("query:" + param.name() + "=" + Strings.escape(weird, 40));
            }
            if (random.nextInt(100) < 6) {
                parts.add(param.name() + "=" + encode(weird(param.type())));
                tags.add("query:" + param.name() + "-repeated");
            }
        }
        if (random.nextInt(100) < (api.query().isEmpty() ? 5 : 10)) {
            String junk = RAW_QUERY_JUNK.get(random.nextInt(RAW_QUERY_JUNK.size()));
            String name = api.query().isEmpty() || random.nextBoolean() ? "x"
                    : api.query().get(random.nextInt(api.query().size())).name();
            parts.add(junk.contains("=") ? junk : name + "=" + junk);
            tags.add("query:raw-" + Strings.escape(junk, 20));
        }
        if (random.nextInt(100) < 3) {
            parts.add("unknown_" + random.nextInt(10) + "=" + encode("x".repeat(random.nextInt(3) * 4_000)));
            tags.add("query:unknown-parameter");
        }
        return String.join("&", parts);
    }

    private String weird(Type type) {
        return switch (type) {
            case TIME, DATE -> EXTREME_TIMES.get(random.nextInt(EXTREME_TIMES.size()));
            case INT -> WEIRD_INTS.get(random.nextInt(WEIRD_INTS.size()));
            case ENUM -> WEIRD_ENUMS.get(random.nextInt(WEIRD_ENUMS.size()));
            case UUID -> random.nextBoolean() ? UUID.randomUUID().toString().toUpperCase(Locale.ROOT) + "x"
                    : WEIRD_TEXTS.get(random.nextInt(WEIRD_TEXTS.size()));
            case TEXT -> WEIRD_TEXTS.get(random.nextInt(WEIRD_TEXTS.size()));
            case BOOL -> WEIRD_BOOLS.get(random.nextInt(WEIRD_BOOLS.size()));
            case CURSOR -> BAD_CURSORS.get(random.nextInt(BAD_CURSORS.size()));
        };
    }

    // Other headers.

    /** Adds request-id, correlation-id, client-reference-id, Accept and Expect edge values; the X-Request-Id sent. */
    private String extraHeaders(List<RawHttp.Header> headers, List<String> tags) {
        String requestId = null;
        for (String name : List.of("X-Request-Id", "X-Correlation-Id", "X-Client-Reference-Id")) {
            if (random.nextInt(100) < 12) {
                String value = name.equals("X-Client-Reference-Id") && random.nextBoolean()
                        ? "c".repeat(random.nextBoolean() ? 256 : 257)
                        : HEADER_VALUES.get(random.nextInt(HEADER_VALUES.size()));
                if (random.nextInt(100) < 5) {
                    headers.add(new RawHttp.Header(name, new byte[] {'a', 0, 'b'}));
                    tags.add("header:" + name + "=nul-byte");
                    continue;
                }
                headers.add(RawHttp.Header.of(name, value));
                tags.add("header:" + name + "=" + Strings.escape(value, 30));
                if (name.equals("X-Request-Id")) {
                    requestId = value;
                }
            }
        }
        if (random.nextInt(100) < 3) {
            String accept = ACCEPTS.get(random.nextInt(ACCEPTS.size()));
            headers.add(RawHttp.Header.of("Accept", accept));
            tags.add("header:Accept=" + accept);
        }
        if (random.nextInt(100) < 2) {
            headers.add(RawHttp.Header.of("Expect", "100-continue"));
            tags.add("header:Expect=100-continue");
        }
        return requestId;
    }

    // Bodies.

    private byte[] body(Api api, String method, List<RawHttp.Header> headers, List<String> tags) {
        BadBodies.Body body;
        String contentType;
        switch (api.body()) {
            case WAV -> {
                body = BadBodies.wav(random);
                contentType = "audio/wav";
            }
            case TTS -> {
                body = BadBodies.json(List.of(
                        new BadBodies.Field("text", r -> pick(r, "\"hello world\"", "\"h\u00e9llo \u4f60\u597d \uD83D\uDE00\"",
                                "\"" + "word ".repeat(1 + r.nextInt(40)).strip() + "\"")),
                        new BadBodies.Field("model", r -> "\"tts-sample\""),
                        new BadBodies.Field("client_reference_id", r -> pick(r, "\"order-1\"", "null", "\"\u00e9\u00e9\""))),
                        random);
                contentType = "application/json";
            }
            case TEMPORARY_KEY -> {
                body = BadBodies.json(List.of(
                        new BadBodies.Field("usage_type", r -> pick(r, "\"transcribe_websocket\"", "\"tts_rt\"", "\"tts_rest\"")),
                        new BadBodies.Field("expires_in_seconds", r -> pick(r, "60", "1", "3600")),
                        new BadBodies.Field("client_reference_id", r -> pick(r, "\"user-1\"", "null")),
                        new BadBodies.Field("single_use", r -> pick(r, "true", "false")),
                        new BadBodies.Field("max_session_duration_seconds", r -> pick(r, "1", "18000", "null"))), random);
                contentType = "application/json";
            }
            case GRANT -> {
                body = BadBodies.json(List.of(new BadBodies.Field("ttl_seconds", r -> pick(r, "1", "60", "3600"))), random);
                contentType = "application/json";
            }
            case ADMIN_NAMED -> {
                body = BadBodies.json(List.of(
                        new BadBodies.Field("name", r -> "\"fuzz-" + UUID.randomUUID() + "\""),
                        new BadBodies.Field("limits", r -> limitsJson(r))), random);
                contentType = "application/json";
            }
            case ADMIN_LIMITS -> {
                body = BadBodies.json(List.of(
                        new BadBodies.Field("requests_per_minute", r -> pick(r, "500", "null", "0")),
                        new BadBodies.Field("transcribe_concurrent", r -> pick(r, "3", "null")),
                        new BadBodies.Field(r0() ? "tts_concurrent" : "colour_concurrent", r -> pick(r, "2", "null"))),
                        random);
                contentType = "application/json";
            }
            case ADMIN_KEY -> {
                body = BadBodies.json(List.of(
                        new BadBodies.Field("name", r -> "\"fuzz\""),
                        new BadBodies.Field("permissions", r -> pick(r, "[\"speech\"]", "[\"usage:read\"]",
                                "[\"speech\", \"usage:read\"]"))), random);
                contentType = "application/json";
            }
            case ADMIN_CAPACITY -> {
                body = BadBodies.json(List.of(new BadBodies.Field("capacity", r -> pick(r, "3600", "1", "0"))), random);
                contentType = "application/json";
            }
            case JOB -> {
                body = BadBodies.json(List.of(
                        new BadBodies.Field("model", r -> pick(r, "\"stt-async-sample\"", "\"stt-async-v5\"")),
                        new BadBodies.Field("file_id", r -> "\"" + pick(r, context.fileId(), context.fileId(),
                                context.victimFileId(), UUID.randomUUID().toString()) + "\""),
                        new BadBodies.Field("client_reference_id", r -> pick(r, "\"order-1\"", "null",
                                "\"\u00e9\uD83D\uDE00\"")),
                        new BadBodies.Field("language_hints", r -> pick(r, "[\"en\"]", "[]"))), random);
                contentType = "application/json";
            }
            case UPLOAD -> {
                String boundary = "sm-" + Long.toHexString(random.nextLong());
                body = BadBodies.multipart(boundary, random);
                contentType = switch (random.nextInt(10)) {
                    case 0 -> "multipart/form-data";
                    case 1 -> "multipart/form-data; boundary=other";
                    case 2 -> "multipart/form-data; boundary=\"" + boundary + "\"";
                    default -> "multipart/form-data; boundary=" + boundary;
                };
            }
            case ADMIN_EXTENSION -> {
                body = BadBodies.json(List.of(new BadBodies.Field("extra", r -> pick(r, "600", "1"))), random);
                contentType = "application/json";
            }
            default -> {
                if (random.nextInt(100) >= 5 || method.equals("HEAD")) {
                    return null;
                }
                body = BadBodies.json(List.of(new BadBodies.Field("x", r -> "1")), random);
                contentType = "application/json";
            }
        }
        if (random.nextInt(100) < 20) {
            contentType = CONTENT_TYPES.get(random.nextInt(CONTENT_TYPES.size()));
            tags.add("content-type:" + Strings.escape(contentType, 40));
        }
        if (!contentType.isEmpty() || random.nextBoolean()) {
            headers.add(RawHttp.Header.of("Content-Type", contentType));
        }
        tags.add("body:" + body.tag());
        return body.bytes();
    }

    private boolean r0() {
        return random.nextInt(100) < 85;
    }

    private static String limitsJson(Random random) {
        return pick(random, "{\"requests_per_minute\": 500}", "{}", "{\"transcribe_concurrent\": null}",
                "{\"tts_concurrent\": 2, \"requests_per_minute\": 10}");
    }

    // The APIs.

    private List<Api> apis() {
        List<Api> all = new ArrayList<>();
        // The metered ones first: pickApi() weighs them.
        all.add(new Api("/v1/transcriptions", "POST", Shape.SONIOX, Door.KEY, true,
                r -> Path.of("/v1/transcriptions"), List.of(new Param("client_reference_id", Type.TEXT, r -> null)),
                Kind.WAV));
        all.add(new Api("/tts", "POST", Shape.SONIOX, Door.KEY, true, r -> Path.of("/tts"), List.of(), Kind.TTS));
        all.add(new Api("/v1/language-identification", "POST", Shape.SONIOX, Door.KEY, true,
                r -> Path.of("/v1/language-identification"), List.of(), Kind.WAV));

        all.add(new Api("/v1/usage-logs", "GET", Shape.SONIOX, Door.KEY, false, r -> Path.of("/v1/usage-logs"),
                List.of(new Param("start_time", Type.TIME, r -> Instant.now().minus(1, ChronoUnit.HOURS).toString()),
                        new Param("end_time", Type.TIME, r -> Instant.now().plus(1, ChronoUnit.HOURS).toString()),
                        new Param("limit", Type.INT, r -> pick(r, "1", "10", "1000")),
                        new Param("sort", Type.ENUM, r -> pick(r, "end_time_asc", "end_time_desc")),
                        new Param("cursor", Type.CURSOR, r -> null),
                        new Param("client_reference_id", Type.TEXT, r -> "order-1")), Kind.NONE));
        all.add(new Api("/v1/usage/summary", "GET", Shape.SONIOX, Door.KEY, false, r -> Path.of("/v1/usage/summary"),
                List.of(new Param("start_time", Type.TIME, r -> Instant.now().minus(2, ChronoUnit.DAYS).toString()),
                        new Param("end_time", Type.TIME, r -> Instant.now().plus(1, ChronoUnit.HOURS).toString())),
                Kind.NONE));
        all.add(new Api("/v1/concurrency-limits", "GET", Shape.SONIOX, Door.KEY, false,
                r -> Path.of("/v1/concurrency-limits"), List.of(), Kind.NONE));
        all.add(new Api("/v1/auth/temporary-api-key", "POST", Shape.SONIOX, Door.KEY, false,
                r -> Path.of("/v1/auth/temporary-api-key"), List.of(), Kind.TEMPORARY_KEY));
        all.add(new Api("/v1/auth/grant", "POST", Shape.SONIOX, Door.KEY, false, r -> Path.of("/v1/auth/grant"),
                List.of(), Kind.GRANT));
        all.add(new Api("/api/billing/capacities", "GET", Shape.SONIOX, Door.KEY, false,
                r -> Path.of("/api/billing/capacities"), List.of(), Kind.NONE));
        all.add(new Api("/api/billing/consumptions", "GET", Shape.SONIOX, Door.KEY, false,
                r -> Path.of("/api/billing/consumptions"), List.of(), Kind.NONE));

        all.add(new Api("/v1/projects", "GET", Shape.DEEPGRAM, Door.KEY, false, r -> Path.of("/v1/projects"),
                List.of(), Kind.NONE));
        all.add(new Api("/v1/projects/{project_id}", "GET", Shape.DEEPGRAM, Door.KEY, false,
                r -> projectPath(r, ""), List.of(), Kind.NONE));
        all.add(new Api("/v1/projects/{project_id}/requests", "GET", Shape.DEEPGRAM, Door.KEY, false,
                r -> projectPath(r, "/requests"), List.of(
                        new Param("start", Type.DATE, r -> yesterday()), new Param("end", Type.DATE, r -> tomorrow()),
                        new Param("limit", Type.INT, r -> pick(r, "1", "10", "1000")),
                        new Param("page", Type.INT, r -> pick(r, "0", "1")),
                        new Param("status", Type.ENUM, r -> pick(r, "succeeded", "failed")),
                        new Param("method", Type.ENUM, r -> pick(r, "sync", "async", "streaming")),
                        new Param("endpoint", Type.TEXT, r -> "/v1/transcriptions"),
                        new Param("accessor", Type.UUID, r -> context.tenant().apiKeyId()),
                        new Param("request_id", Type.UUID, r -> requestId(r))), Kind.NONE));
        all.add(new Api("/v1/projects/{project_id}/requests/{request_id}", "GET", Shape.DEEPGRAM, Door.KEY, false,
                r -> {
                    Path project = projectPath(r, "/requests/");
                    Path request = segment(r, requestId(r));
                    return new Path(project.path() + request.path(), project.canonical() && request.canonical(),
                            project.tag() != null ? project.tag() : request.tag());
                }, List.of(), Kind.NONE));
        List<Param> usageFilters = List.of(
                new Param("start", Type.DATE, r -> yesterday()), new Param("end", Type.DATE, r -> tomorrow()),
                new Param("accessor", Type.UUID, r -> context.tenant().apiKeyId()),
                new Param("tag", Type.TEXT, r -> "t"),
                new Param("method", Type.ENUM, r -> pick(r, "sync", "async", "streaming")),
                new Param("model", Type.TEXT, r -> "stt-async-sample"),
                new Param("endpoint", Type.TEXT, r -> "/tts"),
                new Param("diarize", Type.BOOL, r -> pick(r, "true", "false")),
                new Param("punctuate", Type.BOOL, r -> pick(r, "true", "false")));
        all.add(new Api("/v1/projects/{project_id}/usage", "GET", Shape.DEEPGRAM, Door.KEY, false,
                r -> projectPath(r, "/usage"), usageFilters, Kind.NONE));
        List<Param> breakdown = new ArrayList<>(usageFilters);
        breakdown.add(new Param("grouping", Type.ENUM, r -> pick(r, "accessor", "endpoint", "feature_set", "models",
                "method", "tags", "deployment")));
        all.add(new Api("/v1/projects/{project_id}/usage/breakdown", "GET", Shape.DEEPGRAM, Door.KEY, false,
                r -> projectPath(r, "/usage/breakdown"), breakdown, Kind.NONE));
        all.add(new Api("/v1/projects/{project_id}/usage/fields", "GET", Shape.DEEPGRAM, Door.KEY, false,
                r -> projectPath(r, "/usage/fields"), List.of(new Param("start", Type.DATE, r -> yesterday()),
                new Param("end", Type.DATE, r -> tomorrow())), Kind.NONE));

        all.add(new Api("/v1/admin/organizations", "POST", Shape.SONIOX, Door.ADMIN, false,
                r -> Path.of("/v1/admin/organizations"), List.of(), Kind.ADMIN_NAMED));
        all.add(new Api("/v1/admin/organizations/{organization_id}/projects", "POST", Shape.SONIOX, Door.ADMIN, false,
                r -> adminPath(r, "/v1/admin/organizations/", organizationId(r), "/projects"), List.of(),
                Kind.ADMIN_NAMED));
        all.add(new Api("/v1/admin/organizations/{id}/limits", "PUT", Shape.SONIOX, Door.ADMIN, false,
                r -> adminPath(r, "/v1/admin/organizations/", organizationId(r), "/limits"), List.of(),
                Kind.ADMIN_LIMITS));
        all.add(new Api("/v1/admin/projects/{id}/limits", "PUT", Shape.SONIOX, Door.ADMIN, false,
                r -> adminPath(r, "/v1/admin/projects/", victimProjectId(r), "/limits"), List.of(), Kind.ADMIN_LIMITS));
        all.add(new Api("/v1/admin/projects/{project_id}/keys", "POST", Shape.SONIOX, Door.ADMIN, false,
                r -> adminPath(r, "/v1/admin/projects/", victimProjectId(r), "/keys"), List.of(), Kind.ADMIN_KEY));
        all.add(new Api("/v1/admin/projects/{project_id}/keys (list)", "GET", Shape.SONIOX, Door.ADMIN, false,
                r -> adminPath(r, "/v1/admin/projects/", victimProjectId(r), "/keys"), List.of(), Kind.NONE));
        all.add(new Api("/v1/admin/keys/{api_key_id}", "DELETE", Shape.SONIOX, Door.ADMIN, false,
                r -> adminPath(r, "/v1/admin/keys/", pick(r, context.victim().apiKeyId(), UUID.randomUUID().toString(),
                        "not-a-key"), ""), List.of(), Kind.NONE));
        all.add(new Api("/v1/admin/{level}/{id}/capacities", "GET", Shape.SONIOX, Door.ADMIN, false,
                r -> {
                    String level = level(r);
                    Path path = adminPath(r, "/v1/admin/" + level + "/", victimOwner(r), "/capacities");
                    return new Path(path.path(), path.canonical() && isLevel(level), path.tag());
                }, List.of(), Kind.NONE));
        all.add(new Api("/v1/admin/{level}/{id}/capacities/{technology}/{vendor}/{operation}/{period}", "PUT",
                Shape.SONIOX, Door.ADMIN, false, r -> capacityPath(r, ""), List.of(), Kind.ADMIN_CAPACITY));
        all.add(new Api("/v1/admin/{level}/{id}/capacities/{technology}/{vendor}/{operation}/{period} (remove)",
                "DELETE", Shape.SONIOX, Door.ADMIN, false, r -> capacityPath(r, ""), List.of(), Kind.NONE));
        all.add(new Api("/v1/admin/{level}/{id}/capacities/.../extensions", "POST", Shape.SONIOX, Door.ADMIN, false,
                r -> capacityPath(r, "/extensions"), List.of(), Kind.ADMIN_EXTENSION));

        // The sample's asynchronous API: jobs are billed when they complete; the requests around
        // them (uploads, status, transcript, deletes) are authenticated but leave no entry.
        all.add(new Api("/v1/transcriptions (job)", "POST", Shape.SONIOX, Door.KEY, true,
                r -> Path.of("/v1/transcriptions"), List.of(), Kind.JOB));
        all.add(new Api("/v1/files (upload)", "POST", Shape.SONIOX, Door.KEY, false, r -> Path.of("/v1/files"),
                List.of(), Kind.UPLOAD));
        all.add(new Api("/v1/files", "GET", Shape.SONIOX, Door.KEY, false, r -> Path.of("/v1/files"),
                List.of(new Param("limit", Type.INT, r -> pick(r, "1", "10", "1000")),
                        new Param("cursor", Type.CURSOR, r -> null)), Kind.NONE));
        all.add(new Api("/v1/files/{id}", "GET", Shape.SONIOX, Door.KEY, false,
                r -> idPath(r, "/v1/files/", context.fileId(), context.victimFileId(), ""), List.of(), Kind.NONE));
        all.add(new Api("/v1/files/{id} (delete)", "DELETE", Shape.SONIOX, Door.KEY, false,
                r -> idPath(r, "/v1/files/", UUID.randomUUID().toString(), context.victimFileId(), ""), List.of(),
                Kind.NONE));
        all.add(new Api("/v1/transcriptions", "GET", Shape.SONIOX, Door.KEY, false, r -> Path.of("/v1/transcriptions"),
                List.of(new Param("limit", Type.INT, r -> pick(r, "1", "10", "1000")),
                        new Param("cursor", Type.CURSOR, r -> null)), Kind.NONE));
        all.add(new Api("/v1/transcriptions/{id}", "GET", Shape.SONIOX, Door.KEY, false,
                r -> idPath(r, "/v1/transcriptions/", jobId(r), context.requestIds().get(0), ""), List.of(),
                Kind.NONE));
        all.add(new Api("/v1/transcriptions/{id}/transcript", "GET", Shape.SONIOX, Door.KEY, false,
                r -> idPath(r, "/v1/transcriptions/", jobId(r), UUID.randomUUID().toString(), "/transcript"),
                List.of(), Kind.NONE));
        all.add(new Api("/v1/transcriptions/{id} (delete)", "DELETE", Shape.SONIOX, Door.KEY, false,
                r -> idPath(r, "/v1/transcriptions/", UUID.randomUUID().toString(), context.requestIds().get(0), ""),
                List.of(), Kind.NONE));

        // The sample's own, unmetered paths: no shape asked, but no 5xx and no leak either.
        all.add(new Api("/samples/hello.wav", "GET", Shape.NONE, Door.NONE, false, r -> Path.of("/samples/hello.wav"),
                List.of(new Param("seconds", Type.INT, r -> pick(r, "1", "2", "3"))), Kind.NONE));
        all.add(new Api("/", "GET", Shape.NONE, Door.NONE, false, r -> Path.of("/"), List.of(), Kind.NONE));
        all.add(new Api("/transcribe-websocket (plain HTTP)", "GET", Shape.NONE, Door.NONE, false,
                r -> Path.of("/transcribe-websocket"), List.of(), Kind.NONE));
        all.add(new Api("unknown paths", "GET", Shape.NONE, Door.NONE, false,
                r -> Path.of(pick(r, "/v1/unknown", "/v1", "/v1/", "/api", "/api/billing", "/v1/auth", "/v1/usage",
                        "/v1/admin", "/v1/admin/", "/test", "/WEB-INF/web.xml", "/META-INF/MANIFEST.MF",
                        "/v1/transcriptions/x", "/tts/x", "/v1/projects/" + context.tenant().projectId() + "/x")),
                List.of(), Kind.NONE));
        return List.copyOf(all);
    }

    private Path projectPath(Random r, String rest) {
        int roll = r.nextInt(100);
        String id;
        if (roll < 70) {
            id = context.tenant().projectId();
        } else if (roll < 78) {
            id = context.victim().projectId();
        } else if (roll < 86) {
            id = UUID.randomUUID().toString();
        } else {
            Path garbage = garbageSegment(r);
            return new Path("/v1/projects/" + garbage.path() + rest, garbage.canonical(), garbage.tag());
        }
        return Path.of("/v1/projects/" + id + rest);
    }

    /** An id path: the tenant's own id, another's, a random one, or garbage where the id belongs. */
    private Path idPath(Random r, String prefix, String own, String other, String rest) {
        int roll = r.nextInt(100);
        if (roll < 60) {
            return Path.of(prefix + own + rest);
        }
        if (roll < 75) {
            return Path.of(prefix + other + rest);
        }
        if (roll < 82) {
            return Path.of(prefix + UUID.randomUUID() + rest);
        }
        Path garbage = garbageSegment(r);
        return new Path(prefix + garbage.path() + rest, garbage.canonical(), garbage.tag());
    }

    private String jobId(Random r) {
        return context.jobIds().get(r.nextInt(context.jobIds().size()));
    }

    private Path segment(Random r, String good) {
        return r.nextInt(100) < 80 ? Path.of(good) : garbageSegment(r);
    }

    /** A path segment where an id belongs: still that path ({@code canonical}) unless it moves elsewhere. */
    private Path garbageSegment(Random r) {
        String[][] canonical = {
                {"not-an-id"}, {"00000000-0000-0000-0000-000000000000"},
                {context.tenant().projectId().toUpperCase(Locale.ROOT)},
                {"%7B" + context.tenant().projectId() + "%7D"}, {context.tenant().projectId() + "x"}, {"%00"},
                {"a".repeat(3_000)}, {"%C3%A9"}, {"-1"}, {"null"}, {"%20"}, {"%ZZ"},
                {"%F0%9F%98%80"}, {"%E2%80%AE"},
        };
        String[][] elsewhere = {{".."}, {"%2e%2e"}, {"."}, {""}, {"a%2Fb"}, {";a"}, {"\u00e9"}};
        if (r.nextInt(100) < 80) {
            String value = canonical[r.nextInt(canonical.length)][0];
            return new Path(value, true, "path-id:" + Strings.escape(value, 30));
        }
        String value = elsewhere[r.nextInt(elsewhere.length)][0];
        return new Path(value, false, "path-id:" + value);
    }

    private Path adminPath(Random r, String prefix, String id, String rest) {
        if (r.nextInt(100) < 20) {
            Path garbage = garbageSegment(r);
            return new Path(prefix + garbage.path() + rest, garbage.canonical(), garbage.tag());
        }
        return Path.of(prefix + id + rest);
    }

    private Path capacityPath(Random r, String rest) {
        String technology = r.nextInt(100) < 75 ? TECHNOLOGIES.get(r.nextInt(TECHNOLOGIES.size()))
                : pick(r, "speech", "SPEECH_TO_TEXT", "%C3%A9", "a".repeat(300));
        String vendor = r.nextInt(100) < 80 ? "sample" : pick(r, "%20", "v".repeat(300), "%E2%80%AE", "a%2Fb", "-");
        String operation = r.nextInt(100) < 80 ? "transcribe" : pick(r, "%00", "o".repeat(300), "%F0%9F%98%80");
        String period = r.nextInt(100) < 80 ? PERIODS.get(r.nextInt(PERIODS.size()))
                : pick(r, "year", "", "MONTH", "second", "%00");
        String level = level(r);
        boolean canonical = !vendor.contains("%2F") && !period.isEmpty() && isLevel(level);
        Path owner = adminPath(r, "/v1/admin/" + level + "/", victimOwner(r),
                "/capacities/" + technology + "/" + vendor + "/" + operation + "/" + period + rest);
        return new Path(owner.path(), owner.canonical() && canonical, owner.tag());
    }

    private String level(Random r) {
        return r.nextInt(100) < 90 ? pick(r, "organizations", "projects") : pick(r, "orgs", "keys", "PROJECTS");
    }

    private static boolean isLevel(String level) {
        return level.equals("organizations") || level.equals("projects");
    }

    private String victimOwner(Random r) {
        return pick(r, context.victimOrganizationId(), context.victim().projectId(), UUID.randomUUID().toString());
    }

    private String organizationId(Random r) {
        return r.nextInt(100) < 70 ? context.victimOrganizationId() : UUID.randomUUID().toString();
    }

    private String victimProjectId(Random r) {
        return r.nextInt(100) < 70 ? context.victim().projectId() : UUID.randomUUID().toString();
    }

    private String requestId(Random r) {
        return r.nextInt(100) < 70 && !context.requestIds().isEmpty()
                ? context.requestIds().get(r.nextInt(context.requestIds().size()))
                : UUID.randomUUID().toString();
    }

    private static String yesterday() {
        return LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
    }

    private static String tomorrow() {
        return LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
    }

    // Small helpers.

    private static String pick(Random random, String... values) {
        return values[random.nextInt(values.length)];
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
