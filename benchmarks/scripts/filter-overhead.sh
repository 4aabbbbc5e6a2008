#!/usr/bin/env bash
# The filter's end-to-end overhead on WildFly: the sample's POST /tts (or its transcription)
# metered (at /tts) against the very same WAR deployed without the filter (at /plain/tts), both in
# one server, measured in alternating rounds by benchmarks/LoadGenerator. Run from the repository root:
#
#   bash benchmarks/scripts/filter-overhead.sh [threads] [seconds-per-round] [rounds]
#
# Limits are lifted (no cap) so that every request is admitted: this measures the cost of
# metering, not refusals. Traffic goes to localhost only and stops after the rounds.
# SPEECHMETER_USAGE_DURABILITY=async stores usage entries after the answer instead of before.
# SPEECHMETER_BENCH_WARM_UP_ROUNDS (default 6) rounds of each go first, not counted.
# SPEECHMETER_BENCH_DATABASE=postgres puts the usage in a PostgreSQL of its own instead of H2, and
# SPEECHMETER_BENCH_ENDPOINT=transcriptions posts a short WAV to the labeled /v1/transcriptions,
# with a capacity set (sample-server.sh says more), e.g.
#
#   SPEECHMETER_BENCH_DATABASE=postgres SPEECHMETER_BENCH_ENDPOINT=transcriptions \
#     bash benchmarks/scripts/filter-overhead.sh 8 8 4
set -euo pipefail
threads=${1:-8}
seconds=${2:-10}
rounds=${3:-5}
# shellcheck source=sample-server.sh
source "$(dirname "$0")/sample-server.sh"

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), durability $SPEECHMETER_USAGE_DURABILITY," \
  "load average $(cut -d' ' -f1-3 /proc/loadavg)"
java -Dspeechmeter.bench.warm-up-rounds="${SPEECHMETER_BENCH_WARM_UP_ROUNDS:-6}" \
  -cp "$root/benchmarks/target/benchmarks.jar" dev.speechmeter.bench.LoadGenerator \
  "$metered_url" "$plain_url" "$key" "$threads" "$seconds" "$rounds" "$body_file" "$content_type"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
