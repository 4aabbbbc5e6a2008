-- Takes a slot at the organization's pool (KEYS[1]) then the project's (KEYS[2]), or at neither.
-- A pool is a sorted set of leases scored by the time they expire; expired leases are dropped first,
-- so the slots of a server that stopped renewing come back.
-- ARGV: now in microseconds or '' for the server's TIME, lease in microseconds,
--       organization cap, project cap (-1 = none), the lease's id.
-- Returns {refused by (0 none, 1 organization, 2 project), organization slots, project slots}.
local lease = tonumber(ARGV[2])
local held = {}
for i = 1, 2 do
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now)
  held[i] = redis.call('ZCARD', KEYS[i])
end
for i = 1, 2 do
  local cap = tonumber(ARGV[i + 2])
  if cap >= 0 and held[i] >= cap then
    return {i, held[1], held[2]}
  end
end
for i = 1, 2 do
  redis.call('ZADD', KEYS[i], now + lease, ARGV[5])
  redis.call('PEXPIRE', KEYS[i], math.ceil(lease / 1000) + 1000)
end
return {0, held[1] + 1, held[2] + 1}
