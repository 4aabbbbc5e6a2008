// Speechmeter's public endpoints, read with the key the console was opened with.

/** An answer other than 2xx: its status and the message the server gave. */
export class ApiError extends Error {
    constructor(status, message) {
        super(message);
        this.status = status;
    }
}

/** Reads one project's figures; the key is sent as {@code Authorization: Bearer}, to this origin only. */
export class Api {

    /** @param base the application's root on this origin, ending with '/' */
    constructor(base, key) {
        this.base = base;
        this.key = key;
    }

    async get(path, parameters = {}) {
        const url = new URL(path, new URL(this.base, location.origin));
        for (const [name, value] of Object.entries(parameters)) {
            url.searchParams.set(name, value);
        }
        const response = await fetch(url, {
            headers: {'Authorization': 'Bearer ' + this.key, 'Accept': 'application/json'},
            cache: 'no-store',
            credentials: 'omit',
            redirect: 'error',
            referrerPolicy: 'no-referrer',
        });
        if (!response.ok) {
            throw new ApiError(response.status, await messageOf(response));
        }
        return response.json();
    }
}

/**
 * Where the API is: the {@code api} path handed over with the key, when it is a path on this
 * origin, else the application the console is part of (the path above {@code /console/}).
 */
export function apiBase(handedOver) {
    if (handedOver && /^\/(?![/\\])[^\\?#]*$/.test(handedOver)) {
        const url = new URL(handedOver, location.origin);
        if (url.origin === location.origin) {
            return url.pathname.endsWith('/') ? url.pathname : url.pathname + '/';
        }
    }
    const at = location.pathname.lastIndexOf('/console/');
    return at < 0 ? '/' : location.pathname.slice(0, at + 1);
}

async function messageOf(response) {
    try {
        const body = await response.json();
        return body.message ?? body.err_msg ?? body.error_message ?? response.statusText;
    } catch (notJson) {
        return response.statusText || 'HTTP ' + response.status;
    }
}
