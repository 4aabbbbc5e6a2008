#!/usr/bin/env bash
# The usage queries, GET /v1/usage-logs pages and the year-long GET /v1/usage/summary, over a bulk
# loaded usage log in a real PostgreSQL (started by the benchmark itself), each next to bare JDBC
# running the same SQL. Run from the repository root:
#
#   bash benchmarks/scripts/queries.sh [entries] [page-reads] [summary-reads]
#
# The defaults, 10,000,000 entries, 1,200 page reads and 500 summaries, are the case of the
# budgets in DESIGN.md: about 5 minutes on a quiet machine, most of it the load, and up to 12 GB
# of disk under the temporary directory (table, indexes and WAL). PostgreSQL refuses to run as
# root; as root the JVM runs as "nobody" in a user namespace, the same way the persistence tests
# do (metering-jpa/src/test/jvm/bin/java).
set -euo pipefail
mvn -q -DskipTests -pl benchmarks -am package
SPEECHMETER_TEST_JAVA="$(command -v java)" metering-jpa/src/test/jvm/bin/java \
  -cp benchmarks/target/benchmarks.jar dev.speechmeter.bench.QueryBenchmark \
  "${1:-10000000}" "${2:-1200}" "${3:-500}"
