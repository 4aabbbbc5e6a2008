# Sourced by filter-overhead.sh and profile.sh, from the repository root: builds the sample,
# starts one WildFly in a temporary directory with the sample metered at / and the very same WAR
# without the filter at /plain, limits lifted (every request is admitted), and stops it on exit.
# Leaves: $root, $work, $key (the demo key), the server's log in $work/server.log.
root=$(pwd)
work=$(mktemp -d)
server=
stop() {
  # standalone.sh starts the server JVM as its child: stop both.
  pkill -f "jboss.server.base.dir=$work/server" 2>/dev/null || true
  [ -n "$server" ] && wait "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap stop EXIT

mvn -q -DskipTests -Prun -Dexec.skip=true package
wildfly=$(ls -d "$root"/sample-war/target/run-server/wildfly-*)
cp -r "$wildfly" "$work/server"
rm -f "$work"/server/standalone/deployments/*.war*
cp "$root/sample-war/target/speechmeter-sample.war" "$work/server/standalone/deployments/ROOT.war"

# The same WAR without the filter, at /plain.
mkdir "$work/plain" && (cd "$work/plain" && jar xf "$root/sample-war/target/speechmeter-sample.war")
python3 - "$work/plain/WEB-INF" <<'PY'
import re, sys
d = sys.argv[1]
web = open(d + '/web.xml').read()
web = re.sub(r'<filter>.*?</filter>\s*<filter-mapping>.*?</filter-mapping>', '', web, flags=re.S)
open(d + '/web.xml', 'w').write(web)
boss = open(d + '/jboss-web.xml').read().replace('<context-root>/</context-root>', '<context-root>/plain</context-root>')
open(d + '/jboss-web.xml', 'w').write(boss)
PY
# Unmetered, the endpoint's UsageContext would refuse it: the baseline gets one that records nothing.
mkdir -p "$work/plain/WEB-INF/classes/dev/speechmeter/bench"
cp "$root/benchmarks/target/classes/dev/speechmeter/bench/UnmeteredBaseline.class" \
  "$work/plain/WEB-INF/classes/dev/speechmeter/bench/"
(cd "$work/plain" && jar cf "$work/server/standalone/deployments/plain.war" .)

key=bench_key_0123456789abcdefghijklmnopqrstuvwxyz
export SPEECHMETER_DEMO_KEY=$key
export SPEECHMETER_USAGE_DURABILITY=${SPEECHMETER_USAGE_DURABILITY:-sync}
for level in ORGANIZATION PROJECT; do
  export SPEECHMETER_LIMITS_${level}_REQUESTS_PER_MINUTE=none
  export SPEECHMETER_LIMITS_${level}_TTS_CONCURRENT=none
done
"$work/server/bin/standalone.sh" > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 120); do
  grep -q 'WFLYSRV0025' "$work/server.log" && break
  sleep 1
done
grep -q 'WFLYSRV0025' "$work/server.log" || { tail -50 "$work/server.log"; exit 1; }
