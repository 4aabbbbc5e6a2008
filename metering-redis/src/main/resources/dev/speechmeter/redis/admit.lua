-- Admits one request: takes a request token at the organization (KEYS[1]) and the project (KEYS[2])
-- and a slot at the organization's pool (KEYS[3]) and the project's (KEYS[4]), all or nothing.
-- The rate is decided as by take-request.lua, then the slot as by acquire-slot.lua; nothing is
-- written unless both admit, except that expired leases are dropped from the pools.
-- ARGV: now in microseconds or '' for the server's TIME, organization cap, project cap (0 = none),
--       lease in microseconds, organization slot cap, project slot cap (-1 = none), the lease's id,
--       the history prefix of the project and pool to record the admission there, or '' to record nothing.
-- Returns {rate refused by (0 none, 1 organization, 2 project), wait in microseconds,
--          organization tokens left, organization microseconds until full, the same for the project,
--          slot refused by (0 none, 1 organization, 2 project, -1 not tried: the rate refused),
--          organization slots, project slots}.
-- After rate-check.lua, which reads the buckets and decides the rate, then rate-commit.lua, pool.lua
-- and history.lua.
-- Written without tables made per call: this runs on every pooled admission.
local slotRefused, oHeld, pHeld = -1, 0, 0
if refused == 0 then
  slotRefused, oHeld, pHeld = checkSlots(KEYS[3], KEYS[4], tonumber(ARGV[5]), tonumber(ARGV[6]))
end

if slotRefused == 0 then
  commitRate()
  local lease = tonumber(ARGV[4])
  holdLease(KEYS[3], ARGV[7], lease)
  holdLease(KEYS[4], ARGV[7], lease)
  oHeld = oHeld + 1
  pHeld = pHeld + 1
  if ARGV[8] ~= '' then
    pcall(recordSample, ARGV[8], pHeld - 1, pHeld, 1)
  end
end

local oLeft, oUntil = standing(oCap, oFull)
local pLeft, pUntil = standing(pCap, pFull)
return {refused, ceil(wait), oLeft, oUntil, pLeft, pUntil, slotRefused, oHeld, pHeld}
