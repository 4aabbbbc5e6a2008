-- Put after now.lua and before a script that takes or renews slots. A pool is a sorted set of leases
-- scored by the time they expire.
-- Drops the expired leases of the organization's pool (oKey) and the project's (pKey), so the slots
-- of a server that stopped renewing come back, and decides whether both have a slot for caps
-- oSlots and pSlots (-1 = none), taking none.
-- Returns refused by (0 none, 1 organization, 2 project), organization slots, project slots.
local function checkSlots(oKey, pKey, oSlots, pSlots)
  redis.call('ZREMRANGEBYSCORE', oKey, '-inf', now)
  local oHeld = redis.call('ZCARD', oKey)
  redis.call('ZREMRANGEBYSCORE', pKey, '-inf', now)
  local pHeld = redis.call('ZCARD', pKey)
  if oSlots >= 0 and oHeld >= oSlots then
    return 1, oHeld, pHeld
  elseif pSlots >= 0 and pHeld >= pSlots then
    return 2, oHeld, pHeld
  end
  return 0, oHeld, pHeld
end

-- Holds the lease "id" in the pool "key" until "lease" microseconds from now; the pool is kept a
-- second past its last lease.
local function holdLease(key, id, lease)
  redis.call('ZADD', key, now + lease, id)
  redis.call('PEXPIRE', key, math.ceil(lease / 1000) + 1000)
end
