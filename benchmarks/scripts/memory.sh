#!/usr/bin/env bash
# The heap that recently active callers cost the engine: each of N distinct callers (its own
# organization and project, with a request-rate cap and a pool cap at both levels) authenticates
# with its key, is admitted on the rate and a slot, and settles; the live heap after a full
# collection is compared with the same process before any request. Prints bytes per caller, the
# total for 1,000,000 callers and the classes the difference is made of. Run from the repository
# root:
#
#   bash benchmarks/scripts/memory.sh [callers] [classes shown]
set -euo pipefail
mvn -q -DskipTests -pl benchmarks -am package
java -Xmx${MEMORY_BENCH_HEAP:-3g} -cp benchmarks/target/benchmarks.jar dev.speechmeter.bench.MemoryBenchmark \
  "${1:-1000000}" "${2:-20}"
