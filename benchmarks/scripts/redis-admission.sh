#!/usr/bin/env bash
# Admission on the Redis store against bare Redis round trips (PING, EVALSHA of an empty script),
# measured in alternating rounds by benchmarks/RedisRoundTripComparison: one thread (latency),
# then several (throughput). A Redis server is started on a free local port for each run and
# stopped after it. Run from the repository root:
#
#   bash benchmarks/scripts/redis-admission.sh [threads] [millis-per-round] [rounds]
#
# Limits are set so high that every call is admitted: this measures the decision, not refusals.
set -euo pipefail
threads=${1:-8}
millis=${2:-500}
rounds=${3:-12}

mvn -q -pl benchmarks -am package -DskipTests
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), $(uptime)"
for t in 1 "$threads"; do
  java -cp benchmarks/target/benchmarks.jar dev.speechmeter.bench.RedisRoundTripComparison "$t" "$millis" "$rounds"
  echo
done
