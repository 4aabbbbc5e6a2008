#!/usr/bin/env bash
# The filter's end-to-end overhead on WildFly: the sample's POST /tts metered (at /tts) against
# the very same WAR deployed without the filter (at /plain/tts), both in one server, measured in
# alternating rounds by benchmarks/LoadGenerator. Run from the repository root:
#
#   bash benchmarks/scripts/filter-overhead.sh [threads] [seconds-per-round] [rounds]
#
# Limits are lifted (no cap) so that every request is admitted: this measures the cost of
# metering, not refusals. Traffic goes to localhost only and stops after the rounds.
set -euo pipefail
threads=${1:-8}
seconds=${2:-10}
rounds=${3:-5}
# shellcheck source=sample-server.sh
source "$(dirname "$0")/sample-server.sh"

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), durability $SPEECHMETER_USAGE_DURABILITY"
java -cp "$root/benchmarks/target/benchmarks.jar" dev.speechmeter.bench.LoadGenerator \
  http://localhost:8080/tts http://localhost:8080/plain/tts "$key" "$threads" "$seconds" "$rounds"
