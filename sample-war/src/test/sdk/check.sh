#!/bin/sh
# Checks a running Speechmeter sample service through the official Deepgram and Soniox SDKs.
# Usage: sample-war/src/test/sdk/check.sh BASE_URL API_KEY
#   e.g. sample-war/src/test/sdk/check.sh http://localhost:8080 "$SM_KEY"
# Installs the SDKs pinned in package-lock.json (npm ci) on the first run, then prints one line a
# call and exits non-zero when any check fails. Needs Node.js 20 or newer and the npm registry.
set -eu
if [ $# -ne 2 ]; then
    echo "usage: $0 BASE_URL API_KEY" >&2
    exit 2
fi
cd "$(dirname "$0")"
if [ ! -d node_modules/@deepgram/sdk ] || [ ! -d node_modules/@soniox/node ] \
        || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error >&2
fi
# Soniox's real-time client uses the global WebSocket: built into Node.js 22, behind a flag before.
if node -e 'process.exit(typeof WebSocket === "undefined" ? 0 : 1)'; then
    exec node --experimental-websocket check.mjs "$1" "$2"
fi
exec node check.mjs "$1" "$2"
