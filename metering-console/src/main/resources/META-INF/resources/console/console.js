// The usage console: opened with a key (handed over in the address's fragment, or typed in), it
// reads the project's usage, concurrency, capacities and latest requests from Speechmeter's public
// endpoints. The key lives in this module's memory only.

import {Api, ApiError, apiBase} from './api.js';
import {clearCharts, drawChart} from './charts.js';
import {
    formatDuration, formatTime, formatUsd, historyTotals, HOUR_MS, isoSeconds, nanos, periodStarts,
    usageFromLogs, usageFromSummary, windowOf,
} from './figures.js';

const LOG_PAGE = 1000;
const LOG_PAGES = 20;
const REQUESTS_SHOWN = 20;
const POOLS_OF_HISTORY = [{kind: 'stt', label: 'transcribe'}, {kind: 'tts', label: 'tts'}];

const $ = id => document.getElementById(id);
let api = null;
let resolution = 'day';
let generation = 0;

/** Thrown when the key itself is refused: the whole console stops, not one panel. */
class KeyRefused extends Error {
}

const handedOver = takeFromAddress();
wireControls();
if (handedOver.key) {
    open(handedOver.key);
} else {
    showKeyForm();
}

/** Reads key= and api= from the fragment, and removes the fragment from the address bar and history at once. */
function takeFromAddress() {
    const fragment = new URLSearchParams(location.hash.slice(1));
    if (location.hash) {
        history.replaceState(null, '', location.pathname + location.search);
    }
    return {key: fragment.get('key'), api: fragment.get('api')};
}

function wireControls() {
    $('key-form').addEventListener('submit', event => {
        event.preventDefault();
        const input = $('key-input');
        const key = input.value.trim();
        input.value = '';
        if (key) {
            open(key);
        }
    });
    for (const button of document.querySelectorAll('[data-resolution]')) {
        button.addEventListener('click', () => {
            resolution = button.dataset.resolution;
            for (const other of document.querySelectorAll('[data-resolution]')) {
                other.setAttribute('aria-pressed', String(other === button));
            }
            load();
        });
    }
    $('refresh').addEventListener('click', () => load());
    $('forget').addEventListener('click', () => {
        close();
        showKeyForm();
    });
}

function open(key) {
    api = new Api(apiBase(handedOver.api), key);
    $('key-form').hidden = true;
    hideMessage();
    load();
}

function close() {
    api = null;
    generation++;
    clearCharts();
    $('panels').hidden = true;
    $('controls').hidden = true;
    $('project').textContent = '';
}

function showKeyForm() {
    $('key-form').hidden = false;
    document.body.dataset.state = 'waiting';
    $('key-input').focus();
}

/** Reads everything once more; a load started earlier and still running is ignored when it ends. */
async function load() {
    const mine = ++generation;
    document.body.dataset.state = 'loading';
    try {
        const project = await projectOf(api);
        if (mine !== generation) {
            return;
        }
        $('project').textContent = project ? project.name + ' · ' + project.project_id : '';
        $('controls').hidden = false;
        $('panels').hidden = false;
        const window = windowOf(resolution, Date.now());
        const panels = [
            panel('usage', () => showUsage(window)),
            panel('concurrency', () => showConcurrency(window)),
            panel('capacities', showCapacities),
            panel('requests', () => showRequests(project)),
        ];
        await Promise.all(panels);
        if (mine === generation) {
            document.body.dataset.state = 'ready';
        }
    } catch (error) {
        if (mine !== generation) {
            return;
        }
        close();
        if (error instanceof KeyRefused) {
            showMessage(error.message);
            showKeyForm();
            document.body.dataset.state = 'refused';
        } else {
            showMessage('The console could not be loaded: ' + error.message + ' Try Refresh in a moment.');
            $('controls').hidden = false;
            document.body.dataset.state = 'failed';
        }
    }
}

/** The key's project, or null when this server does not answer the project endpoints. */
async function projectOf(reader) {
    try {
        const answer = await reader.get('v1/projects');
        return answer.projects[0] ?? null;
    } catch (error) {
        if (error instanceof ApiError && error.status === 404) {
            return null;
        }
        throw refusal(error);
    }
}

/** Runs one panel; its failure is written in the panel, unless the key was refused. */
async function panel(id, show) {
    const section = $(id);
    section.querySelector('.panel-error')?.remove();
    try {
        await show();
    } catch (error) {
        const refused = refusal(error);
        if (refused instanceof KeyRefused) {
            throw refused;
        }
        const note = element('p', {class: 'panel-error'}, error instanceof ApiError && error.status === 404
            ? 'This server does not offer these figures.'
            : 'These figures could not be read: ' + error.message);
        section.querySelector('h2').after(note);
    }
}

function refusal(error) {
    if (error instanceof ApiError && error.status === 401) {
        return new KeyRefused('This key was not accepted: it is unknown, revoked or expired. '
            + 'Open the console again from where you got it, or enter another key.');
    }
    if (error instanceof ApiError && error.status === 403) {
        return new KeyRefused('This key may not read usage. Use a key with the usage:read permission, '
            + 'or a temporary key minted for usage:read.');
    }
    return error;
}

async function showUsage(window) {
    const models = window.resolution === 'day'
        ? usageFromSummary(await api.get('v1/usage/summary',
            {start_time: isoSeconds(window.start), end_time: isoSeconds(window.end)}))
        : usageFromLogs(await usageLogs(window), window);
    const x = periodStarts(window);
    $('usage-window').textContent = window.resolution === 'day'
        ? 'per day, ' + isoSeconds(window.start).slice(0, 10) + ' to ' + isoSeconds(window.end - 1).slice(0, 10)
        : 'per hour, the last 48 hours';
    drawChart($('chart-audio'), x, models.map(m => ({label: m.model, values: m.durationMs.map(ms => ms / HOUR_MS)})),
        hours => formatHours(hours));
    drawChart($('chart-requests'), x, models.map(m => ({label: m.model, values: m.requests})), String);
    drawChart($('chart-cost'), x, models.map(m => ({label: m.model, values: m.cost.map(c => Number(c) / 1e9)})),
        usd => '$' + trimmed(usd));
    const note = $('usage-note');
    note.hidden = models.length > 0;
    note.textContent = 'No billed usage in this window.';
    const rows = models.map(m => element('tr', {
        'data-model': m.model, 'data-duration-ms': m.totals.durationMs, 'data-requests': m.totals.requests,
        'data-cost': formatUsd(m.totals.cost),
    }, element('td', {}, m.model), element('td', {class: 'number'}, formatDuration(m.totals.durationMs)),
        element('td', {class: 'number'}, String(m.totals.requests)),
        element('td', {class: 'number'}, formatUsd(m.totals.cost))));
    $('usage-totals').tBodies[0].replaceChildren(...rows);
}

/** Every billed request of the window, page after page (at most {@link LOG_PAGES} pages). */
async function usageLogs(window) {
    const entries = [];
    let cursor = null;
    for (let page = 0; page < LOG_PAGES; page++) {
        const parameters = {start_time: isoSeconds(window.start), end_time: isoSeconds(window.end),
            limit: LOG_PAGE, sort: 'end_time_asc'};
        if (cursor) {
            parameters.cursor = cursor;
        }
        const answer = await api.get('v1/usage-logs', parameters);
        entries.push(...answer.usage_logs);
        cursor = answer.next_page_cursor;
        if (!cursor) {
            return entries;
        }
    }
    const note = $('usage-note');
    note.hidden = false;
    note.textContent = 'Only the first ' + entries.length + ' requests of the window are counted.';
    return entries;
}

async function showConcurrency(window) {
    const [now, ...histories] = await Promise.all([
        api.get('v1/concurrency-limits'),
        ...POOLS_OF_HISTORY.map(pool => api.get('v1/concurrent-streams-history', {
            start_time: isoSeconds(window.start), end_time: isoSeconds(window.end),
            period_sec: window.periodSec, kind: pool.kind,
        })),
    ]);
    const rows = Object.keys(now.project.current).map(limit => {
        const project = level(now.project, limit);
        const organization = level(now.organization, limit);
        return element('tr', {'data-pool': limit},
            element('td', {}, limit.replace(/_concurrent$/, '')),
            element('td', {'data-level': 'project'}, project.text),
            element('td', {'data-level': 'organization'}, organization.text),
            element('td', {class: 'meter-cell'}, meter(project.current, project.limit)));
    });
    $('concurrency-now').tBodies[0].replaceChildren(...rows);

    $('history-window').textContent = window.resolution === 'day' ? 'per day, 30 days' : 'per hour, 48 hours';
    drawChart($('chart-concurrency'), periodStarts(window), POOLS_OF_HISTORY.map((pool, i) => ({
        label: pool.label, values: histories[i].entries.map(entry => entry.sample_max),
    })), String);
    $('concurrency-history').tBodies[0].replaceChildren(...POOLS_OF_HISTORY.map((pool, i) => {
        const totals = historyTotals(histories[i].entries);
        return element('tr', {'data-kind': pool.kind, 'data-peak': totals.peak, 'data-admitted': totals.admitted},
            element('td', {}, pool.label), element('td', {class: 'number'}, String(totals.peak)),
            element('td', {class: 'number'}, String(totals.admitted)));
    }));
}

function level(figures, limit) {
    const current = figures.current[limit] ?? 0;
    const cap = figures.limits[limit];
    return {current, limit: cap, text: current + ' / ' + (cap == null ? 'no limit' : cap)};
}

async function showCapacities() {
    const [capacities, consumptions] = await Promise.all([
        api.get('api/billing/capacities'), api.get('api/billing/consumptions'),
    ]);
    const rows = capacities.items.flatMap(item => item.details.map(detail => {
        const consumed = Number(detail.consumed);
        const left = Math.max(0, detail.capacity - consumed);
        return element('tr', {
            'class': item.has_remaining_capacity ? '' : 'exhausted',
            'data-level': item.level, 'data-labels': labelsOf(item), 'data-consumed': String(detail.consumed),
            'data-capacity': String(detail.capacity),
        }, element('td', {}, item.level), element('td', {class: 'labels'}, labelsOf(item)),
            element('td', {}, item.current_period.period + ', until ' + formatTime(item.current_period.end_time)),
            element('td', {class: 'number'}, formatDuration(consumed * 1000)),
            element('td', {class: 'number'}, formatDuration(detail.capacity * 1000)),
            element('td', {class: 'number'}, item.has_remaining_capacity ? formatDuration(left * 1000) : 'none'),
            element('td', {class: 'meter-cell'}, meter(consumed, detail.capacity)));
    }));
    $('capacity-table').tBodies[0].replaceChildren(...(rows.length ? rows : [emptyRow(7, 'No capacity is set.')]));
    const used = consumptions.items.flatMap(item => item.consumptions.map(consumption => element('tr', {
        'data-level': item.level, 'data-labels': labelsOf(item), 'data-consumed': String(consumption.consumed),
    }, element('td', {}, item.level), element('td', {class: 'labels'}, labelsOf(item)),
        element('td', {class: 'number'}, formatDuration(Number(consumption.consumed) * 1000)))));
    $('consumption-table').tBodies[0].replaceChildren(...(used.length ? used : [emptyRow(3, 'Nothing consumed yet.')]));
}

function labelsOf(item) {
    return item.labels.map(label => label.key + '=' + label.value).join(', ');
}

async function showRequests(project) {
    if (!project) {
        throw new ApiError(404, 'Not Found');
    }
    const answer = await api.get('v1/projects/' + encodeURIComponent(project.project_id) + '/requests',
        {limit: REQUESTS_SHOWN});
    const rows = answer.requests.map(request => {
        const failed = request.code >= 400;
        const details = request.response.details ?? {};
        const audioMs = Math.round((details.duration ?? 0) * HOUR_MS);
        return element('tr', {
            'class': failed ? 'failed' : '', 'data-request-id': request.request_id, 'data-code': request.code,
            'data-failed': String(failed),
        }, element('td', {}, formatTime(request.created)), element('td', {}, request.path),
            element('td', {}, details.method ?? ''),
            element('td', {}, failed ? request.code + ' ' + (request.response.message ?? '') : String(request.code)),
            element('td', {class: 'number'}, failed || !details.total_audio ? '' : formatDuration(audioMs)),
            element('td', {class: 'number'}, failed ? '' : formatUsd(nanos(details.usd ?? 0))),
            element('td', {class: 'id'}, request.request_id));
    });
    $('request-table').tBodies[0].replaceChildren(...(rows.length ? rows : [emptyRow(7, 'No requests in the last 30 days.')]));
}

function meter(value, max) {
    const bar = element('meter', {min: 0, max: max == null || max === 0 ? 1 : max, value: max == null ? 0 : value});
    if (max != null && value >= max) {
        bar.classList.add('full');
    }
    return bar;
}

function emptyRow(columns, text) {
    return element('tr', {class: 'empty'}, element('td', {colspan: columns}, text));
}

function formatHours(hours) {
    return trimmed(hours) + ' h';
}

function trimmed(value) {
    return value === 0 ? '0' : Number(value.toPrecision(3)).toString();
}

function showMessage(text) {
    $('message').textContent = text;
    $('message').hidden = false;
}

function hideMessage() {
    $('message').hidden = true;
    $('message').textContent = '';
}

/** An element with attributes and children (text or elements): never HTML parsed from the API's strings. */
function element(tag, attributes, ...children) {
    const made = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
        if (value !== '' && value != null) {
            made.setAttribute(name, String(value));
        }
    }
    made.append(...children);
    return made;
}
