#!/usr/bin/env bash
# The usage writer's CPU per batch on a file-backed H2 (WildFly's default data source), batches of
# a few entries as a lightly loaded server writes them. Run from the repository root:
#
#   bash benchmarks/scripts/small-batches.sh [entries-per-batch] [seconds-per-round] [rounds] [earlier-classes.jar]
#
# With a jar of an earlier version's metering-jpa classes as the fourth argument, the same rounds run first
# with that version's writer, then with this one, so that both are measured in one run.
set -euo pipefail
mvn -q -DskipTests -pl benchmarks -am package
args=("${1:-8}" "${2:-10}" "${3:-3}")
if [ -n "${4:-}" ]; then
  echo "earlier writer ($4):"
  java -cp "$(realpath "$4"):benchmarks/target/benchmarks.jar" dev.speechmeter.bench.SmallBatchBenchmark "${args[@]}"
  echo "this writer:"
fi
java -cp benchmarks/target/benchmarks.jar dev.speechmeter.bench.SmallBatchBenchmark "${args[@]}"
