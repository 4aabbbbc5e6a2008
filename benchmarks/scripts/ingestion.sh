#!/usr/bin/env bash
# Usage ingestion into a real PostgreSQL (started by the benchmark itself) with sync durability,
# next to raw JDBC batches and a raw COPY of the same rows. Run from the repository root:
#
#   bash benchmarks/scripts/ingestion.sh [request-threads] [seconds-per-side] [writer-counts, e.g. 1,2,4] \
#        [projects] [labeled] [organizations] [max-batches, e.g. 500,2000] [earlier-classes.jar]
#
# projects (default 1): the entries are spread over that many projects, so a batch adds to as
# many daily totals; labeled (default false): every entry carries the labels of a capacity, so
# batches also debit consumption rows (docs/capacities.md); organizations (default 1): how many
# organizations the projects belong to; max-batches (default 2000): the most entries a writer
# takes into one transaction, one measurement each. With a jar of an earlier version's classes
# (metering-jpa and BatchingLedger) as the last argument, the same run is made first with those.
# PostgreSQL refuses to run as root; as root the JVM runs as "nobody" in a user namespace,
# the same way the persistence tests do (metering-jpa/src/test/jvm/bin/java).
set -euo pipefail
mvn -q -DskipTests -pl benchmarks -am package
args=("${1:-64}" "${2:-10}" "${3:-1,2,4}" "${4:-1}" "${5:-false}" "${6:-1}" "${7:-2000}")
run() {
  SPEECHMETER_TEST_JAVA="$(command -v java)" metering-jpa/src/test/jvm/bin/java \
    -cp "$1" dev.speechmeter.bench.IngestionBenchmark "${args[@]}"
}
if [ -n "${8:-}" ]; then
  echo "earlier classes ($8):"
  run "$(realpath "$8"):benchmarks/target/benchmarks.jar"
  echo "this version:"
fi
run benchmarks/target/benchmarks.jar
