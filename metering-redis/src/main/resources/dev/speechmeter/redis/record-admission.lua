-- Records in the history an admission confirmed after its slot was taken (a capacity was checked in
-- between): the project's pool (KEYS[1]) as it is now, its lease included.
-- ARGV: now in microseconds or '' for the server's TIME, the history prefix of the project and pool.
-- After history.lua.
local level = liveLeases(KEYS[1])
recordSample(ARGV[2], math.max(level - 1, 0), level, 1)
return level
