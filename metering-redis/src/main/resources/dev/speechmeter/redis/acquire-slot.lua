-- Takes a slot at the organization's pool (KEYS[1]) then the project's (KEYS[2]), or at neither.
-- A pool is a sorted set of leases scored by the time they expire; expired leases are dropped first,
-- so the slots of a server that stopped renewing come back. After pool.lua.
-- ARGV: now in microseconds or '' for the server's TIME, lease in microseconds,
--       organization cap, project cap (-1 = none), the lease's id, the history prefix of the project
--       and pool to record the admission there, or '' to record nothing. After history.lua too.
-- Returns {refused by (0 none, 1 organization, 2 project), organization slots, project slots}.
local refused, oHeld, pHeld = checkSlots(KEYS[1], KEYS[2], tonumber(ARGV[3]), tonumber(ARGV[4]))
if refused ~= 0 then
  return {refused, oHeld, pHeld}
end
local lease = tonumber(ARGV[2])
holdLease(KEYS[1], ARGV[5], lease)
holdLease(KEYS[2], ARGV[5], lease)
if ARGV[6] ~= '' then
  pcall(recordSample, ARGV[6], pHeld, pHeld + 1, 1)
end
return {0, oHeld + 1, pHeld + 1}
