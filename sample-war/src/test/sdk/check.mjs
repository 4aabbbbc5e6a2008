// Calls a running Speechmeter sample service through the official Deepgram and Soniox SDKs and
// checks each answer. Usage: node check.mjs BASE_URL API_KEY (check.sh installs the SDKs first).
//
// The traffic the checks read is made first with plain HTTP on the sample's own endpoint
// (POST /v1/transcriptions with a WAV body, which neither SDK speaks): two billed
// transcriptions carrying a tag unique to this run, one stereo and one mono, in two
// languages, and one failed request. Every check after that goes through an SDK.
// One line per call: PASS, FAIL (with the reason) or SKIP (the sample does not serve it).
// Exit code: 0 when nothing failed, 1 otherwise, 2 on bad arguments.

import { createHash, randomUUID } from "node:crypto";
import { DeepgramClient } from "@deepgram/sdk";
import { SonioxNodeClient, SonioxHttpError } from "@soniox/node";

const [baseArg, apiKey] = process.argv.slice(2);
if (!baseArg || !apiKey) {
    console.error("usage: node check.mjs BASE_URL API_KEY");
    process.exit(2);
}
const baseUrl = baseArg.replace(/\/+$/, "");

const MODEL = "stt-async-sample";
const MODEL_NAMESPACE = "5f0c8a4e-2b1d-4c57-9a43-6d2e8f1b7c90";
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DECIMAL_RE = /^\d+\.\d{6}$/;
const RUN = `sdk-check-${randomUUID().slice(0, 8)}`;

let failed = 0;
let passed = 0;
let skipped = 0;

class CheckError extends Error {}

function expect(condition, message) {
    if (!condition) {
        throw new CheckError(message);
    }
}

function describe(error) {
    if (error instanceof CheckError) {
        return error.message;
    }
    const status = error.statusCode ?? error.status ?? error.code;
    const body = error.body ?? error.bodyText;
    return `${error.name}${status !== undefined ? ` ${status}` : ""}: ${error.message}`
        + (body !== undefined ? ` body=${JSON.stringify(body).slice(0, 300)}` : "");
}

async function check(name, fn) {
    try {
        const note = await fn();
        passed++;
        console.log(`PASS  ${name}${note ? ` (${note})` : ""}`);
    } catch (error) {
        failed++;
        console.log(`FAIL  ${name}: ${describe(error)}`);
    }
}

function skip(name, reason) {
    skipped++;
    console.log(`SKIP  ${name}: ${reason}`);
}

/** RFC 9562 version 5 UUID of a name in a namespace. */
function uuidV5(name, namespace) {
    const ns = Buffer.from(namespace.replace(/-/g, ""), "hex");
    const hash = createHash("sha1").update(ns).update(Buffer.from(name, "utf8")).digest();
    hash[6] = (hash[6] & 0x0f) | 0x50;
    hash[8] = (hash[8] & 0x3f) | 0x80;
    const hex = hash.subarray(0, 16).toString("hex");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A silent PCM WAV: 16-bit, 8 kHz, of the given length and channels. */
function wav(milliseconds, channels) {
    const rate = 8000;
    const frames = rate * milliseconds / 1000;
    const data = frames * channels * 2;
    const b = Buffer.alloc(44 + data);
    b.write("RIFF", 0);
    b.writeUInt32LE(36 + data, 4);
    b.write("WAVE", 8);
    b.write("fmt ", 12);
    b.writeUInt32LE(16, 16);
    b.writeUInt16LE(1, 20);
    b.writeUInt16LE(channels, 22);
    b.writeUInt32LE(rate, 24);
    b.writeUInt32LE(rate * channels * 2, 28);
    b.writeUInt16LE(channels * 2, 32);
    b.writeUInt16LE(16, 34);
    b.write("data", 36);
    b.writeUInt32LE(data, 40);
    return b;
}

function near(actual, wanted) {
    return typeof actual === "number" && Math.abs(actual - wanted) < 1e-9;
}

function sameMembers(a, b) {
    return Array.isArray(a) && a.length === b.length && [...a].sort().join("\u0000") === [...b].sort().join("\u0000");
}

const MS_PER_HOUR = 3_600_000;
const modelId = uuidV5(MODEL, MODEL_NAMESPACE);
const today = new Date().toISOString().slice(0, 10);

// ---------------------------------------------------------------------------------------------
// Traffic to read back (plain HTTP: the sample's transcription endpoint takes a raw WAV body).

const seeded = {};

async function transcribe(label, query, body, correlationId) {
    const response = await fetch(`${baseUrl}/v1/transcriptions?${query}`, {
        method: "POST",
        headers: { Authorization: `Bearer ${apiKey}`, "Content-Type": "audio/wav", "X-Correlation-Id": correlationId },
        body,
    });
    const text = await response.text();
    seeded[label] = {
        status: response.status,
        requestId: response.headers.get("x-request-id"),
        correlationId: response.headers.get("x-correlation-id"),
        body: text,
    };
    return seeded[label];
}

await check("seed: stereo transcription, 3.6 s, language en, two tags", async () => {
    const r = await transcribe("stereo", `language=en&tag=${RUN}&tag=stereo`, wav(3600, 2), `${RUN}-stereo`);
    expect(r.status === 200, `status ${r.status}: ${r.body.slice(0, 200)}`);
    expect(UUID_RE.test(r.requestId ?? ""), `X-Request-Id ${r.requestId}`);
    expect(r.correlationId === `${RUN}-stereo`, `X-Correlation-Id ${r.correlationId}`);
    return `request ${r.requestId}`;
});
await check("seed: mono transcription, 2 s, language de, one tag", async () => {
    const r = await transcribe("mono", `language=de&tag=${RUN}`, wav(2000, 1), `${RUN}-mono`);
    expect(r.status === 200, `status ${r.status}: ${r.body.slice(0, 200)}`);
    return `request ${r.requestId}`;
});
await check("seed: failed transcription (not a WAV)", async () => {
    const r = await transcribe("failed", `tag=${RUN}`, Buffer.from("not audio"), `${RUN}-failed`);
    expect(r.status === 400, `status ${r.status}`);
    expect(JSON.parse(r.body).request_id === r.requestId, `error body ${r.body.slice(0, 200)}`);
    return `request ${r.requestId}`;
});

const stereo = seeded.stereo ?? {};
const mono = seeded.mono ?? {};
const bad = seeded.failed ?? {};
const hours = (3600 + 2000) / MS_PER_HOUR;
const totalHours = (2 * 3600 + 2000) / MS_PER_HOUR;

// ---------------------------------------------------------------------------------------------
// Deepgram SDK

const deepgram = new DeepgramClient({ apiKey, baseUrl, maxRetries: 0 });
const manage = deepgram.manage.v1.projects;
let projectId;

await check("deepgram manage.v1.projects.list", async () => {
    const { data, rawResponse } = await manage.list().withRawResponse();
    expect(Array.isArray(data.projects) && data.projects.length === 1, `projects ${JSON.stringify(data.projects)}`);
    projectId = data.projects[0].project_id;
    expect(UUID_RE.test(projectId ?? ""), `project_id ${projectId}`);
    expect(typeof data.projects[0].name === "string" && data.projects[0].name.length > 0, "no name");
    expect(UUID_RE.test(rawResponse.headers.get("x-correlation-id") ?? ""), "no X-Correlation-Id");
    return `project ${projectId} "${data.projects[0].name}"`;
});

await check("deepgram manage.v1.projects.get", async () => {
    const data = await manage.get(projectId);
    expect(data.project_id === projectId, `project_id ${data.project_id}`);
    expect(typeof data.name === "string", "no name");
});

await check("deepgram manage.v1.projects.get (another id: 404 NOT_FOUND)", async () => {
    try {
        await manage.get(randomUUID());
    } catch (error) {
        expect(error.statusCode === 404, `status ${error.statusCode}`);
        expect(error.body?.err_code === "NOT_FOUND", `body ${JSON.stringify(error.body)}`);
        return;
    }
    throw new CheckError("no error");
});

// The sample answers a transcription in its response: Deepgram's "sync" method.
await check("deepgram manage.v1.projects.requests.list (status=succeeded, method=sync)", async () => {
    const data = await manage.requests.list(projectId, { status: "succeeded", method: "sync", start: today, limit: 100 });
    expect(data.page === 0 && data.limit === 100, `page ${data.page} limit ${data.limit}`);
    const ids = data.requests.map((r) => r.request_id);
    expect(ids.includes(stereo.requestId) && ids.includes(mono.requestId), "seeded requests missing");
    expect(!ids.includes(bad.requestId), "failed request listed as succeeded");
    expect(data.requests.every((r) => r.code < 300 && r.response?.details), "a request without details or failed");
    const created = data.requests.map((r) => r.created);
    expect(created.every((c, i) => i === 0 || created[i - 1] >= c), "not newest first");
    return `${data.requests.length} requests`;
});

await check("deepgram manage.v1.projects.requests.list (status=failed): response.message", async () => {
    const data = await manage.requests.list(projectId, { status: "failed", start: today, limit: 1000 });
    const r = data.requests.find((x) => x.request_id === bad.requestId);
    expect(r, "failed request not listed");
    expect(data.requests.every((x) => x.code >= 400), "a succeeded request listed as failed");
    expect(r.code === 400 && r.response.code === 400, `code ${r.code}`);
    expect(r.response.message === "Bad Request", `message ${JSON.stringify(r.response.message)}`);
    expect(!("details" in r.response), "details on a failed request");
    expect(!("callback" in r), "callback present");
});

await check("deepgram manage.v1.projects.requests.list (request_id, accessor)", async () => {
    const one = await manage.requests.list(projectId, { request_id: stereo.requestId });
    expect(one.requests.length === 1 && one.requests[0].request_id === stereo.requestId, `${one.requests.length} requests`);
    const accessor = one.requests[0].api_key_id;
    const byKey = await manage.requests.list(projectId, { accessor, request_id: mono.requestId });
    expect(byKey.requests.length === 1, `accessor filter: ${byKey.requests.length} requests`);
    const otherKey = await manage.requests.list(projectId, { accessor: randomUUID(), request_id: mono.requestId });
    expect(otherKey.requests.length === 0, `another accessor: ${otherKey.requests.length} requests`);
});

await check("deepgram manage.v1.projects.requests.get", async () => {
    const { request: r } = await manage.requests.get(projectId, stereo.requestId);
    expect(r.request_id === stereo.requestId && r.project_uuid === projectId, `ids ${r.request_id} ${r.project_uuid}`);
    expect(r.path === "/v1/transcriptions" && r.code === 200 && r.deployment === "hosted", `path ${r.path} code ${r.code}`);
    expect(UUID_RE.test(r.api_key_id ?? ""), `api_key_id ${r.api_key_id}`);
    const d = r.response.details;
    expect(d.channels === 2, `channels ${d.channels}`);
    expect(d.total_audio === 1 && d.streams === 1 && d.method === "sync", `total_audio ${d.total_audio} method ${d.method}`);
    expect(near(d.duration, 3600 / MS_PER_HOUR), `duration ${d.duration}`);
    expect(JSON.stringify(d.models) === JSON.stringify([modelId]), `models ${JSON.stringify(d.models)}, wanted [${modelId}]`);
    expect(JSON.stringify(d.tags) === JSON.stringify([RUN, "stereo"]), `tags ${JSON.stringify(d.tags)}`);
    expect(typeof d.usd === "number" && d.usd > 0, `usd ${d.usd}`);
    expect(r.response.completed >= r.created, "completed before created");
});

await check("deepgram manage.v1.projects.requests.get (unknown id: 404)", async () => {
    try {
        await manage.requests.get(projectId, randomUUID());
    } catch (error) {
        expect(error.statusCode === 404 && error.body?.err_code === "NOT_FOUND", `status ${error.statusCode} ${JSON.stringify(error.body)}`);
        return;
    }
    throw new CheckError("no error");
});

await check("deepgram manage.v1.projects.requests.list (limit=5000: 400 INVALID_QUERY_PARAMETER)", async () => {
    try {
        await manage.requests.list(projectId, { limit: 5000 });
    } catch (error) {
        expect(error.statusCode === 400, `status ${error.statusCode}`);
        expect(error.body?.err_code === "INVALID_QUERY_PARAMETER" && /limit/.test(error.body.err_msg), `body ${JSON.stringify(error.body)}`);
        expect(UUID_RE.test(error.body.request_id ?? ""), "no request_id");
        return;
    }
    throw new CheckError("no error");
});

await check("deepgram manage.v1.projects.usage.get (tag): hours and total_hours", async () => {
    const data = await manage.usage.get(projectId, { start: today, end: today, tag: RUN });
    expect(data.resolution?.units === "day" && data.resolution?.amount === 1, `resolution ${JSON.stringify(data.resolution)}`);
    expect(data.results.length === 1, `${data.results.length} results`);
    const day = data.results[0];
    expect(day.requests === 2, `requests ${day.requests}`);
    expect(near(day.hours, hours), `hours ${day.hours}, wanted ${hours}`);
    expect(near(day.total_hours, totalHours), `total_hours ${day.total_hours}, wanted ${totalHours}`);
    return `hours ${day.hours.toFixed(6)}, total_hours ${day.total_hours.toFixed(6)}`;
});

await check("deepgram manage.v1.projects.usage.get (model by id, model by name, tags repeated)", async () => {
    const byId = await manage.usage.get(projectId, { start: today, end: today, tag: RUN, model: modelId });
    expect(byId.results[0]?.requests === 2, `by id: ${JSON.stringify(byId.results)}`);
    const byName = await manage.usage.get(projectId, { start: today, end: today, tag: RUN, model: MODEL });
    expect(byName.results[0]?.requests === 2, `by name: ${JSON.stringify(byName.results)}`);
    const stereoOnly = await manage.usage.get(projectId, { start: today, end: today, tag: ["stereo", `${RUN}-none`], method: "sync" });
    expect(stereoOnly.results[0]?.requests >= 1, `tag=stereo: ${JSON.stringify(stereoOnly.results)}`);
});

await check("deepgram manage.v1.projects.usage.get (no match: 404 NOT_FOUND)", async () => {
    try {
        await manage.usage.get(projectId, { start: today, end: today, tag: `${RUN}-none` });
    } catch (error) {
        expect(error.statusCode === 404 && error.body?.err_code === "NOT_FOUND", `status ${error.statusCode} ${JSON.stringify(error.body)}`);
        return;
    }
    throw new CheckError("no error");
});

await check("deepgram manage.v1.projects.usage.breakdown.get (grouping=tags,feature_set)", async () => {
    const data = await manage.usage.breakdown.get(projectId, { start: today, end: today, tag: RUN, grouping: "tags,feature_set" });
    expect(data.results.length === 2, `${data.results.length} results: ${JSON.stringify(data.results)}`);
    const both = data.results.find((r) => sameMembers(r.grouping.tags, [RUN, "stereo"]));
    const one = data.results.find((r) => sameMembers(r.grouping.tags, [RUN]));
    expect(both && both.requests === 1 && near(both.hours, 3600 / MS_PER_HOUR) && near(both.total_hours, 7200 / MS_PER_HOUR),
        `stereo group ${JSON.stringify(both)}`);
    expect(one && one.requests === 1 && near(one.total_hours, 2000 / MS_PER_HOUR), `mono group ${JSON.stringify(one)}`);
    for (const r of data.results) {
        expect(r.grouping.feature_set === null || typeof r.grouping.feature_set === "string", `feature_set ${JSON.stringify(r.grouping.feature_set)}`);
        for (const field of ["agent_hours", "tokens_in", "tokens_out", "tts_characters"]) {
            expect(typeof r[field] === "number", `${field} ${r[field]}`);
        }
    }
});

await check("deepgram manage.v1.projects.usage.breakdown.get (grouping=models,method)", async () => {
    const data = await manage.usage.breakdown.get(projectId, { start: today, end: today, tag: RUN, grouping: "models,method" });
    expect(data.results.length === 1, `${data.results.length} results`);
    const g = data.results[0].grouping;
    // Deepgram's clients read grouping.models as a list of strings (UsageBreakdownV1Response).
    expect(Array.isArray(g.models) && g.models.length === 1 && g.models[0] === MODEL && g.method === "sync",
        `grouping ${JSON.stringify(g)}`);
    expect(g.accessor === null && g.tags === null && g.feature_set === null, `not grouped: ${JSON.stringify(g)}`);
    expect(data.results[0].requests === 2, `requests ${data.results[0].requests}`);
});

await check("deepgram manage.v1.projects.usage.fields.list", async () => {
    const data = await manage.usage.fields.list(projectId, { start: today, end: today });
    const model = data.models.find((m) => m.name === MODEL);
    expect(model && model.model_id === modelId, `models ${JSON.stringify(data.models)}`);
    expect(data.tags.includes(RUN) && data.tags.includes("stereo"), `tags ${JSON.stringify(data.tags)}`);
    expect(Array.isArray(data.languages) && data.languages.includes("en") && data.languages.includes("de"),
        `languages ${JSON.stringify(data.languages)}`);
    expect(JSON.stringify(data.tags) === JSON.stringify([...data.tags].sort()), "tags not sorted");
    expect(data.processing_methods.includes("sync") && Array.isArray(data.features), `methods ${JSON.stringify(data.processing_methods)}`);
    return `model_id ${model.model_id}, languages ${data.languages.join(",")}`;
});

await check("deepgram correlation id through requestOptions.headers", async () => {
    const id = `${RUN}-dg`;
    const { rawResponse } = await manage.get(projectId, {}, { headers: { "X-Correlation-Id": id } }).withRawResponse();
    expect(rawResponse.headers.get("x-correlation-id") === id, `X-Correlation-Id ${rawResponse.headers.get("x-correlation-id")}`);
    expect(UUID_RE.test(rawResponse.headers.get("x-request-id") ?? ""), "no X-Request-Id");
});

await check("deepgram auth.v1.tokens.grant", async () => {
    const data = await deepgram.auth.v1.tokens.grant({ ttl_seconds: 60 });
    expect(data.access_token?.startsWith("temp:"), `access_token ${String(data.access_token).slice(0, 10)}...`);
    expect(data.expires_in === 60, `expires_in ${data.expires_in}`);
    // The token works on a speech endpoint and nowhere else.
    const r = await fetch(`${baseUrl}/v1/transcriptions?tag=${RUN}-grant`, {
        method: "POST", headers: { Authorization: `Bearer ${data.access_token}` }, body: wav(100, 1),
    });
    expect(r.status === 200, `transcription with the token: ${r.status}`);
    const withToken = new DeepgramClient({ accessToken: data.access_token, baseUrl, maxRetries: 0 });
    try {
        await withToken.manage.v1.projects.list();
    } catch (error) {
        expect(error.statusCode === 403, `projects with the token: ${error.statusCode}`);
        return;
    }
    throw new CheckError("the token listed projects");
});

skip("deepgram listen.v1.media.transcribeFile", "the sample serves no Deepgram /v1/listen endpoint (its transcription is POST /v1/transcriptions with a WAV body)");

// ---------------------------------------------------------------------------------------------
// Soniox SDK

const soniox = new SonioxNodeClient({ api_key: apiKey, base_url: baseUrl });
const now = Date.now();
const window = { start_time: new Date(now - 3600_000).toISOString(), end_time: new Date(now + 60_000).toISOString() };

await check("soniox auth.createTemporaryKey", async () => {
    const data = await soniox.auth.createTemporaryKey({
        usage_type: "transcribe_websocket", expires_in_seconds: 60, client_reference_id: `${RUN}-temp`, single_use: true,
    });
    expect(data.api_key?.startsWith("temp:"), `api_key ${String(data.api_key).slice(0, 10)}...`);
    const left = (Date.parse(data.expires_at) - Date.now()) / 1000;
    expect(/Z$/.test(data.expires_at) && left > 50 && left <= 62, `expires_at ${data.expires_at}`);
    // A temporary key may not read usage: 403 through the SDK's error type.
    const withTemp = new SonioxNodeClient({ api_key: data.api_key, base_url: baseUrl });
    try {
        await withTemp.concurrencyLimits.get();
    } catch (error) {
        expect(error instanceof SonioxHttpError && error.statusCode === 403, describe(error));
        return `expires_at ${data.expires_at}`;
    }
    throw new CheckError("a temporary key read the concurrency limits");
});

function within(ms, promise, what) {
    let timer;
    return Promise.race([promise, new Promise((_, reject) => {
        timer = setTimeout(() => reject(new CheckError(`${what}: no answer within ${ms} ms`)), ms);
    })]).finally(() => clearTimeout(timer));
}

const wsUrl = `${baseUrl.replace(/^http/, "ws")}/transcribe-websocket`;

await check("soniox realtime.stt with a single-use temporary key (sample WebSocket)", async () => {
    const temp = await soniox.auth.createTemporaryKey({
        usage_type: "transcribe_websocket", expires_in_seconds: 60, client_reference_id: `${RUN}-ws`, single_use: true,
    });
    const client = new SonioxNodeClient({ api_key: temp.api_key, base_url: baseUrl, realtime: { ws_base_url: wsUrl } });
    const config = { model: "stt-rt-sample", audio_format: "pcm_s16le", sample_rate: 16000, num_channels: 1 };
    const session = client.realtime.stt(config);
    const tokens = [];
    const errors = [];
    session.on("token", (token) => tokens.push(token));
    session.on("error", (error) => errors.push(error));
    await within(15_000, session.connect(), "connect");
    const pcm = Buffer.alloc(16000 * 2); // one second of silence
    for (let i = 0; i < pcm.length; i += 3200) {
        session.sendAudio(pcm.subarray(i, i + 3200));
    }
    await within(15_000, session.finish(), "finish");
    expect(errors.length === 0, `errors ${errors.map(describe).join("; ")}`);
    expect(tokens.length > 0 && tokens.every((t) => typeof t.text === "string"), `${tokens.length} tokens`);
    // Single use: the same key opens no second stream.
    const again = client.realtime.stt(config);
    const refused = [];
    again.on("error", (error) => refused.push(error));
    let connected = true;
    try {
        await within(15_000, again.connect(), "second connect");
        again.sendAudio(pcm.subarray(0, 3200));
        await within(15_000, again.finish(), "second finish");
    } catch (error) {
        connected = false;
        refused.push(error);
    }
    expect(refused.some((e) => e.statusCode === 401 || /401|unauthenticated|invalid api key/i.test(`${e.code} ${e.message}`)),
        `second use: ${connected ? "served" : refused.map(describe).join("; ")}`);
    again.close?.();
    return `${tokens.length} tokens; second use refused: ${describe(refused[0]).slice(0, 120)}`;
});

await check("soniox auth.createTemporaryKey (bad usage_type: 400)", async () => {
    try {
        await soniox.auth.createTemporaryKey({ usage_type: "nonsense", expires_in_seconds: 60 });
    } catch (error) {
        expect(error instanceof SonioxHttpError && error.statusCode === 400, describe(error));
        const body = JSON.parse(error.bodyText);
        expect(body.error_type === "invalid_request"
            && body.validation_errors.some((v) => v.location === "body.usage_type"), `body ${error.bodyText}`);
        return;
    }
    throw new CheckError("no error");
});

await check("soniox concurrencyLimits.get", async () => {
    const data = await soniox.concurrencyLimits.get();
    for (const level of ["project", "organization"]) {
        const { current, limits } = data[level] ?? {};
        expect(Number.isInteger(current?.transcribe_concurrent) && current.transcribe_concurrent >= 0, `${level} current ${JSON.stringify(current)}`);
        expect(Number.isInteger(current?.tts_concurrent), `${level} current ${JSON.stringify(current)}`);
        for (const pool of ["transcribe_concurrent", "tts_concurrent"]) {
            expect(limits[pool] === null || Number.isInteger(limits[pool]), `${level} limits ${JSON.stringify(limits)}`);
        }
    }
    return `project limits ${JSON.stringify(data.project.limits)}`;
});

await check("soniox usageLogs.list (end_time_desc)", async () => {
    const page = await soniox.usageLogs.list({ ...window, sort: "end_time_desc" });
    const logs = page.usage_logs;
    const s = logs.find((l) => l.uuid === stereo.requestId);
    const m = logs.find((l) => l.uuid === mono.requestId);
    expect(s && m, "seeded requests missing");
    expect(!logs.some((l) => l.uuid === bad.requestId), "failed request in the usage log");
    expect(s.model === MODEL && s.request_scope === "transcribe_async" && s.input_audio_duration_ms === 3600,
        `entry ${JSON.stringify(s)}`);
    expect(m.input_audio_duration_ms === 2000, `mono duration ${m.input_audio_duration_ms}`);
    for (const field of ["cost_usd", "input_cost_usd", "input_audio_cost_usd", "output_cost_usd", "output_text_cost_usd"]) {
        expect(DECIMAL_RE.test(s[field]), `${field} ${JSON.stringify(s[field])}`);
    }
    const ends = logs.map((l) => l.end_time);
    expect(ends.every((e, i) => i === 0 || ends[i - 1] >= e), "not sorted by end_time desc");
    return `${logs.length} entries, cost of the stereo one ${s.cost_usd}`;
});

await check("soniox usageLogs.list (the stream's entry carries the temporary key's reference)", async () => {
    const page = await soniox.usageLogs.list({ ...window, end_time: new Date(Date.now() + 60_000).toISOString(), sort: "end_time_desc" });
    const entry = page.usage_logs.find((l) => l.client_reference_id === `${RUN}-ws`);
    expect(entry, "no entry with the temporary key's client_reference_id");
    expect(entry.request_scope === "transcribe_websocket" && entry.model === "stt-rt-sample", `entry ${JSON.stringify(entry)}`);
    expect(entry.input_audio_duration_ms === 1000, `input_audio_duration_ms ${entry.input_audio_duration_ms}`);
});

await check("soniox usageLogs.list (limit=1, paging with for await)", async () => {
    const all = await soniox.usageLogs.list({ ...window });
    const paged = await soniox.usageLogs.list({ ...window, limit: 1 });
    expect(paged.usage_logs.length === 1, `${paged.usage_logs.length} on the first page`);
    expect(all.usage_logs.length === 1 || paged.isPaged(), "no next_page_cursor");
    const seen = [];
    for await (const log of paged) {
        seen.push(log.uuid);
        if (seen.length > 5000) break;
    }
    const wanted = all.usage_logs.map((l) => l.uuid);
    expect(seen.length >= wanted.length && new Set(seen).size === seen.length, `${seen.length} seen, ${new Set(seen).size} distinct`);
    expect(wanted.every((u) => seen.includes(u)), "paging lost an entry");
    return `${seen.length} entries over ${seen.length} pages`;
});

await check("soniox usageLogs.getSummary", async () => {
    const start = `${today}T00:00:00Z`;
    const end = new Date(Date.parse(start) + 86_400_000).toISOString();
    const data = await soniox.usageLogs.getSummary({ start_time: start, end_time: end });
    expect(data.total.model === null && JSON.stringify(data.total.days) === JSON.stringify([today]), `total ${JSON.stringify(data.total).slice(0, 200)}`);
    expect(data.total.total_num_requests >= 2 && data.total.num_requests[0] === data.total.total_num_requests, `requests ${data.total.total_num_requests}`);
    expect(DECIMAL_RE.test(data.total.total_cost_usd), `total_cost_usd ${data.total.total_cost_usd}`);
    const model = data.models.find((m) => m.model === MODEL);
    expect(model && model.total_input_audio_duration_ms >= 5600, `models ${JSON.stringify(data.models.map((x) => x.model))}`);
    return `${data.total.total_num_requests} requests today, ${data.total.total_cost_usd} USD`;
});

await check("soniox usageLogs.list (window over 31 days: 400)", async () => {
    try {
        await soniox.usageLogs.list({ start_time: new Date(now - 40 * 86_400_000).toISOString(), end_time: window.end_time });
    } catch (error) {
        expect(error instanceof SonioxHttpError && error.statusCode === 400, describe(error));
        return;
    }
    throw new CheckError("no error");
});

await check("soniox stt.transcribe (upload, create, poll, transcript, cleanup)", async () => {
    const reference = `${RUN}-async`;
    const result = await soniox.stt.transcribe({ model: MODEL, file: wav(4000, 1), filename: "sdk-check.wav",
        client_reference_id: reference, wait: true, cleanup: ["file", "transcription"] });
    expect(result.status === "completed", `status ${result.status} ${result.error_message ?? ""}`);
    expect(typeof result.transcript?.text === "string" && result.transcript.text.length > 0,
        `transcript ${JSON.stringify(result.transcript).slice(0, 200)}`);
    expect(result.audio_duration_ms === 4000, `audio_duration_ms ${result.audio_duration_ms}`);
    expect(await soniox.stt.get(result.id) === null, "the transcription was not deleted by the cleanup");
    expect(await soniox.files.get(result.file_id) === null, "the file was not deleted by the cleanup");
    const entry = (await soniox.usageLogs.list({ start_time: new Date(now - 3_600_000).toISOString(),
        end_time: new Date(Date.now() + 60_000).toISOString(), sort: "end_time_desc" })).usage_logs
        .find((l) => l.uuid === result.id);
    expect(entry !== undefined && entry.client_reference_id === reference,
        `usage entry of the job ${JSON.stringify(entry)}`);
    return `${result.transcript.text.split(" ").length} words, one entry`;
});

await check("soniox files.list and stt.list end their paging", async () => {
    const first = await soniox.files.upload(wav(500, 1), { filename: "listed-1.wav" });
    const second = await soniox.files.upload(wav(500, 1), { filename: "listed-2.wav" });
    const ids = [];
    for await (const listed of await soniox.files.list({ limit: 1 })) {
        ids.push(listed.id);
    }
    let transcriptions = 0;
    for await (const listed of await soniox.stt.list({ limit: 1 })) {
        transcriptions++;
    }
    await soniox.files.delete(first.id);
    await soniox.files.delete(second.id);
    expect(ids.includes(first.id) && ids.includes(second.id) && new Set(ids).size === ids.length,
        `paged one at a time: ${ids.length} files`);
    return `${ids.length} files a page at a time, ${transcriptions} transcriptions`;
});

await check("soniox concurrencyLimits.getHistory", async () => {
    // The last three whole hours, the current one included: the transcriptions above are in them.
    const hour = 3_600_000;
    const start = Math.floor(now / hour) * hour - 2 * hour;
    const data = await soniox.concurrencyLimits.getHistory({ start_time: new Date(start).toISOString(),
        end_time: new Date(start + 3 * hour).toISOString(), period_sec: 3600, kind: "stt" });
    expect(data.kind === "stt", `kind ${data.kind}`);
    expect(data.entries.length === 3 && data.entries.every((e, i) => Date.parse(e.period_start) === start + i * hour
        && e.period_sec === 3600), `entries ${JSON.stringify(data.entries).slice(0, 300)}`);
    const admitted = data.entries.reduce((n, e) => n + e.total_count, 0);
    const peak = Math.max(...data.entries.map((e) => e.sample_max));
    expect(admitted >= 2 && peak >= 1, `total_count ${admitted}, sample_max ${peak}`);
    return `3 hours, ${admitted} admitted, peak ${peak}`;
});

console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 ? 0 : 1);
