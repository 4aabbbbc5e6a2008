-- Extends the leases of this server, each as long as its request runs: KEYS are pairs of pools
-- (organization, project), ARGV[3..] the lease in each pair. A lease Redis no longer has (it
-- restarted empty, or failed over to a replica that never saw it) or let expire (this server could
-- not renew it for longer than a lease) is added again, and counts at once, even where that takes
-- its pool over the cap: admissions are then refused until the pool is under it again.
-- ARGV: now in microseconds or '' for the server's TIME, lease in microseconds, lease ids.
-- Returns the ids of the leases added again, missing or expired at either level.
-- After pool.lua.
local lease = tonumber(ARGV[2])
local restored = {}
for i = 3, #ARGV do
  local k = (i - 3) * 2 + 1
  local lost = false
  for j = k, k + 1 do
    local expires = redis.call('ZSCORE', KEYS[j], ARGV[i])
    if not expires or tonumber(expires) <= now then
      lost = true
    end
    holdLease(KEYS[j], ARGV[i], lease)
  end
  if lost then
    restored[#restored + 1] = ARGV[i]
  end
end
return restored
