-- Extends the leases of this server: KEYS are pairs of pools (organization, project), ARGV[3..]
-- the lease in each pair. A lease that expired already is not brought back.
-- ARGV: now in microseconds or '' for the server's TIME, lease in microseconds, lease ids.
-- Returns how many leases were still held.
local lease = tonumber(ARGV[2])
local alive = 0
for i = 3, #ARGV do
  local k = (i - 3) * 2 + 1
  for j = k, k + 1 do
    local expires = redis.call('ZSCORE', KEYS[j], ARGV[i])
    if expires and tonumber(expires) > now then
      redis.call('ZADD', KEYS[j], 'XX', now + lease, ARGV[i])
      redis.call('PEXPIRE', KEYS[j], math.ceil(lease / 1000) + 1000)
      if j == k then alive = alive + 1 end
    end
  end
end
return alive
