-- Leases not yet expired in each pool of KEYS (an organization's and a project's per pool), read in
-- one step, so a report is one snapshot of the fleet. ARGV: now in microseconds or '' for the
-- server's TIME. Returns the counts in the order of KEYS.
local counts = {}
for i = 1, #KEYS do
  counts[i] = redis.call('ZCOUNT', KEYS[i], '(' .. now, '+inf')
end
return counts
