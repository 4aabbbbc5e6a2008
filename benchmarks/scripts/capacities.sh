#!/usr/bin/env bash
# What the capacity check costs a request to a labeled endpoint: the read of where its capacities
# stand, in a real PostgreSQL (started by the benchmark itself) holding the capacities and a
# month of consumption rows of many projects, next to a primary-key read and SELECT 1 in the same
# run. Run from the repository root:
#
#   bash benchmarks/scripts/capacities.sh [projects] [reads]
#
# PostgreSQL refuses to run as root; as root the JVM runs as "nobody" in a user namespace,
# the same way the persistence tests do (metering-jpa/src/test/jvm/bin/java).
set -euo pipefail
mvn -q -DskipTests -pl benchmarks -am package
SPEECHMETER_TEST_JAVA="$(command -v java)" metering-jpa/src/test/jvm/bin/java \
  -cp benchmarks/target/benchmarks.jar dev.speechmeter.bench.CapacityBenchmark "${1:-1000}" "${2:-20000}"
