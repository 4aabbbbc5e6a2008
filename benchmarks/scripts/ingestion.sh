#!/usr/bin/env bash
# Usage ingestion into a real PostgreSQL (started by the benchmark itself) with sync durability,
# next to raw JDBC batches of the same rows. Run from the repository root:
#
#   bash benchmarks/scripts/ingestion.sh [request-threads] [seconds-per-side] [writer-counts, e.g. 1,2,4] \
#        [projects] [labeled] [organizations]
#
# projects (default 1): the entries are spread over that many projects, so a batch adds to as
# many daily totals; labeled (default false): every entry carries the labels of a capacity, so
# batches also debit consumption rows (docs/capacities.md); organizations (default 1): how many
# organizations the projects belong to.
# PostgreSQL refuses to run as root; as root the JVM runs as "nobody" in a user namespace,
# the same way the persistence tests do (metering-jpa/src/test/jvm/bin/java).
set -euo pipefail
mvn -q -DskipTests -pl benchmarks -am package
SPEECHMETER_TEST_JAVA="$(command -v java)" metering-jpa/src/test/jvm/bin/java \
  -cp benchmarks/target/benchmarks.jar dev.speechmeter.bench.IngestionBenchmark "${1:-64}" "${2:-10}" "${3:-1,2,4}" "${4:-1}" "${5:-false}" "${6:-1}"
