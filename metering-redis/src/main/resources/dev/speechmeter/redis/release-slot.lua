-- Gives back leases: KEYS are pairs of pools (organization, project), ARGV[3..] the lease in each
-- pair; one lease when a request ends, several when a renewal gives back those released meanwhile.
-- ARGV: now in microseconds or '' for the server's TIME; the history prefix of the first lease's
-- project and pool, to record its release there, or '' to record nothing (a renewal's give-back, or
-- a slot given back before its admission was confirmed); then the lease ids.
-- After history.lua.
local history = ARGV[2]
local removed = 0
for i = 3, #ARGV do
  local k = (i - 3) * 2 + 1
  redis.call('ZREM', KEYS[k], ARGV[i])
  removed = redis.call('ZREM', KEYS[k + 1], ARGV[i])
end
if history ~= '' then
  -- Before the release, the project held its slots now and the one given back (a lease that had
  -- expired unrenewed, seldom, is counted as held until now).
  local level = liveLeases(KEYS[2])
  pcall(recordSample, history, level + removed, level, 0)
end
return 0
