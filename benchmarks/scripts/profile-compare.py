"""Two profiles of profile.sh side by side: the share of all samples that each of metering's
parts takes, in CPU or allocation (async-profiler's collapsed stacks), before and after.

    python3 benchmarks/scripts/profile-compare.py before/cpu.collapsed after/cpu.collapsed

A part's share counts every sample with its frame on the stack (the frame and what it calls).
"""
import sys

PARTS = [
    ('the filter, the endpoint included', 'dev/speechmeter/servlet/MeteringFilter.doFilter'),
    ('the endpoint (SpeechResource.speak)', 'dev/speechmeter/sample/speech/SpeechResource.speak'),
    ('admission (RequestGate.enter)', 'dev/speechmeter/internal/http/RequestGate.enter'),
    ('settling (Settlement.settle)', 'dev/speechmeter/internal/engine/Settlement.settle'),
    ('  pricing (ModelPrice.price)', 'dev/speechmeter/spi/ModelPrice.price'),
    ('  the wait for a durable entry (BatchingLedger.record)', 'dev/speechmeter/internal/engine/BatchingLedger.record'),
    ('the request\'s UsageContext made by CDI', 'dev/speechmeter/cdi/UsageContextProducer.usageContext'),
    ('  its first call through the proxy', 'dev/speechmeter/UsageContext$'),
    ('CDI client proxies (Weld ProxyMethodHandler)', 'org/jboss/weld/bean/proxy/ProxyMethodHandler.invoke'),
    ('the usage writer threads (BatchingLedger.writeUntilClosed)', 'dev/speechmeter/internal/engine/BatchingLedger.writeUntilClosed'),
    ('  entries inserted (JdbcUsageWriter.insertEntries)', 'dev/speechmeter/jpa/JdbcUsageWriter.insertEntries'),
    ('  daily totals (JdbcUsageWriter.addToDailyTotals)', 'dev/speechmeter/jpa/JdbcUsageWriter.addToDailyTotals'),
    ('the meters (dev.speechmeter.micrometer)', 'dev/speechmeter/micrometer/'),
    ('the concurrency history', 'dev/speechmeter/internal/engine/ConcurrencyHistory'),
    ('BigDecimal arithmetic', 'java/math/'),
    ('the key\'s hash (ApiKeys.hash, KeyHash)', ('dev/speechmeter/spi/ApiKeys.hash', 'dev/speechmeter/internal/engine/KeyHash')),
]


def shares(path):
    total, counts = 0, [0] * len(PARTS)
    for line in open(path):
        stack, _, count = line.rstrip().rpartition(' ')
        frames, n = stack.split(';'), int(count)
        total += n
        for i, (_, prefix) in enumerate(PARTS):
            if any(f.startswith(prefix) for f in frames):
                counts[i] += n
    return total, counts


before_total, before = shares(sys.argv[1])
after_total, after = shares(sys.argv[2])
print(f"| part | before ({before_total:,} samples) | after ({after_total:,} samples) |")
print("|---|---|---|")
for (label, _), b, a in zip(PARTS, before, after):
    print(f"| {label} | {100 * b / before_total:.1f} % | {100 * a / after_total:.1f} % |")
