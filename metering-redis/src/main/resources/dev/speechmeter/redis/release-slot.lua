-- Gives back leases: KEYS are pairs of pools (organization, project), ARGV[3..] the lease in each
-- pair; one lease when a request ends, several when a renewal gives back those released meanwhile.
-- ARGV: now in microseconds or '' for the server's TIME; the history prefix of the first lease's
-- project and pool, to record its release there, or '' to record nothing (a renewal's give-back, or
-- a slot given back before its admission was confirmed); then the lease ids.
-- After history.lua.
local history = ARGV[2]
local before = 0
if history ~= '' then
  before = liveLeases(KEYS[2])
end
for i = 3, #ARGV do
  local k = (i - 3) * 2 + 1
  redis.call('ZREM', KEYS[k], ARGV[i])
  redis.call('ZREM', KEYS[k + 1], ARGV[i])
end
if history ~= '' then
  pcall(recordSample, history, before, liveLeases(KEYS[2]), 0)
end
return 0
