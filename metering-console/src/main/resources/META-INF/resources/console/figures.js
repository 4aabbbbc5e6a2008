// The console's arithmetic: the windows it shows, usage per model and period, money and durations.
// Pure functions of the API's answers, so that what the page shows follows from them alone.

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
const NANOS_PER_DOLLAR = 1_000_000_000n;

/**
 * The window shown at a resolution: the last 30 UTC days (today included) or the last 48 UTC
 * hours (this one included), as {resolution, periodSec, start, end, count}, times in ms.
 */
export function windowOf(resolution, now) {
    if (resolution === 'hour') {
        const end = Math.floor(now / HOUR_MS) * HOUR_MS + HOUR_MS;
        return {resolution, periodSec: 3600, start: end - 48 * HOUR_MS, end, count: 48};
    }
    const end = Math.floor(now / DAY_MS) * DAY_MS + DAY_MS;
    return {resolution: 'day', periodSec: 86400, start: end - 30 * DAY_MS, end, count: 30};
}

/** The start of each period of a window, in seconds (uPlot's time unit). */
export function periodStarts(window) {
    return Array.from({length: window.count}, (_, i) => (window.start + i * window.periodSec * 1000) / 1000);
}

/** An ISO-8601 UTC time without fractions, as the API's query parameters take it. */
export function isoSeconds(ms) {
    return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A decimal amount of USD ("0.001008", 0.002012) as whole nano-dollars, exactly. */
export function nanos(amount) {
    const text = typeof amount === 'number' ? amount.toFixed(9) : String(amount);
    const match = /^(-?)(\d+)(?:\.(\d{1,9})\d*)?$/.exec(text.trim());
    if (!match) {
        return 0n;
    }
    const value = BigInt(match[2]) * NANOS_PER_DOLLAR + BigInt((match[3] ?? '').padEnd(9, '0'));
    return match[1] === '-' ? -value : value;
}

/** Nano-dollars written with 6 decimals, or more when they are needed: "0.003024". */
export function formatUsd(amount) {
    const negative = amount < 0n;
    const value = negative ? -amount : amount;
    let fraction = (value % NANOS_PER_DOLLAR).toString().padStart(9, '0');
    while (fraction.length > 6 && fraction.endsWith('0')) {
        fraction = fraction.slice(0, -1);
    }
    return (negative ? '-' : '') + (value / NANOS_PER_DOLLAR).toString() + '.' + fraction;
}

/** A length of audio for people: "0.5 s", "42 s", "3 min 05 s", "2 h 03 min". */
export function formatDuration(ms) {
    if (ms < 60_000) {
        const seconds = ms / 1000;
        return (Number.isInteger(seconds) ? seconds : seconds.toFixed(seconds < 10 ? 2 : 1)) + ' s';
    }
    const totalSeconds = Math.round(ms / 1000);
    if (totalSeconds < 3600) {
        return Math.floor(totalSeconds / 60) + ' min ' + String(totalSeconds % 60).padStart(2, '0') + ' s';
    }
    const minutes = Math.round(totalSeconds / 60);
    return Math.floor(minutes / 60) + ' h ' + String(minutes % 60).padStart(2, '0') + ' min';
}

/** A time as "2026-11-22 09:00:00" (UTC). */
export function formatTime(iso) {
    return new Date(iso).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, '');
}

/**
 * Usage per model from {@code GET /v1/usage/summary}: for each model, per day, the audio
 * (input and output, ms), the requests and the cost; and the model's totals.
 */
export function usageFromSummary(summary) {
    return (summary.models ?? []).map(series => ({
        model: series.model ?? '(no model)',
        durationMs: series.duration_ms.map(Number),
        requests: series.num_requests.map(Number),
        cost: series.cost_usd.map(nanos),
        totals: {
            durationMs: Number(series.total_duration_ms),
            requests: Number(series.total_num_requests),
            cost: nanos(series.total_cost_usd),
        },
    })).sort((a, b) => a.model.localeCompare(b.model));
}

/**
 * Usage per model from the entries of {@code GET /v1/usage-logs}, each counted in the period its
 * response completed in (its end time), as the summary counts days.
 */
export function usageFromLogs(entries, window) {
    const models = new Map();
    for (const entry of entries) {
        const index = Math.floor((Date.parse(entry.end_time) - window.start) / (window.periodSec * 1000));
        if (index < 0 || index >= window.count) {
            continue;
        }
        const name = entry.model ?? '(no model)';
        if (!models.has(name)) {
            models.set(name, {
                model: name,
                durationMs: new Array(window.count).fill(0),
                requests: new Array(window.count).fill(0),
                cost: new Array(window.count).fill(0n),
            });
        }
        const series = models.get(name);
        series.durationMs[index] += Number(entry.input_audio_duration_ms) + Number(entry.output_audio_duration_ms);
        series.requests[index] += 1;
        series.cost[index] += nanos(entry.cost_usd);
    }
    return [...models.values()].map(series => ({
        ...series,
        totals: {
            durationMs: series.durationMs.reduce((a, b) => a + b, 0),
            requests: series.requests.reduce((a, b) => a + b, 0),
            cost: series.cost.reduce((a, b) => a + b, 0n),
        },
    })).sort((a, b) => a.model.localeCompare(b.model));
}

/** The greatest level and the requests admitted in a concurrency history's entries. */
export function historyTotals(entries) {
    return {
        peak: entries.reduce((peak, entry) => Math.max(peak, entry.sample_max), 0),
        admitted: entries.reduce((sum, entry) => sum + entry.total_count, 0),
    };
}
