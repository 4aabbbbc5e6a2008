"""Shares of a WildFly CPU profile (async-profiler's collapsed stacks) that metering takes.

    python3 benchmarks/scripts/profile-shares.py benchmarks/target/profile/cpu.collapsed

Run by profile.sh on its CPU profile. Metering's own part is what the servlet filter does
outside the chain it wraps (authentication, admission with its capacity check, settling, the
wait for a durable entry), the usage writer threads, and Speechmeter's frames on other threads
(an asynchronous response settled where it completes); the rest of a request's time is the
server's and the endpoint's. The capacity check's queries are shown apart, as parts of admission.
"""
import sys

FILTER = 'dev/speechmeter/servlet/MeteringFilter.doFilter'
CHAIN = 'io/undertow/servlet/handlers/FilterHandler$FilterChainImpl.doFilter'
OWN_CODE = ('dev/speechmeter/sample/', 'dev/speechmeter/bench/')
WRITER = ('dev/speechmeter/internal/engine/BatchingLedger', 'dev/speechmeter/jpa/JdbcUsageWriter')
PARTS = [
    ('admission (MeteringEngine.admit)', 'dev/speechmeter/internal/engine/MeteringEngine.admit'),
    ('  capacity check (JdbcCapacityLedger.standings)', 'dev/speechmeter/jpa/JdbcCapacityLedger.standings'),
    ('    query 1: capacities that apply (capacitiesOf)', 'dev/speechmeter/jpa/JdbcCapacityLedger.capacitiesOf'),
    ('    query 2: rows of the current periods (usageRows)', 'dev/speechmeter/jpa/JdbcCapacityLedger.usageRows'),
]

total = in_filter = filter_own = writer = elsewhere = 0
parts = {frame: 0 for _, frame in PARTS}
for line in open(sys.argv[1]):
    stack, _, count = line.rstrip().rpartition(' ')
    frames, n = stack.split(';'), int(count)
    total += n
    for frame in parts:
        if any(f.startswith(frame) for f in frames):
            parts[frame] += n
    filter_at = next((i for i, f in enumerate(frames) if f.startswith(FILTER)), None)
    if filter_at is not None:
        in_filter += n
        if not any(f.startswith(CHAIN) for f in frames[filter_at + 1:]):
            filter_own += n
    elif any(f.startswith(w) for f in frames for w in WRITER):
        writer += n
    elif any(f.startswith('dev/speechmeter/') and not f.startswith(OWN_CODE) for f in frames):
        elsewhere += n


def share(n):
    return f"{100 * n / total:6.2f}%  {100 * n / (metering or 1):6.2f}% of metering"


metering = filter_own + writer + elsewhere
print(f"{total} samples")
print(f"{100 * in_filter / total:6.2f}%  requests through the filter (metering and the endpoint)")
print(f"{share(metering)}  metering: the filter outside its chain, the usage writers, and elsewhere")
print(f"{share(filter_own)}  the filter outside its chain")
print(f"{share(writer)}  usage writer threads")
print(f"{share(elsewhere)}  Speechmeter's frames on other threads")
for label, frame in PARTS:
    print(f"{share(parts[frame])}  {label}")
