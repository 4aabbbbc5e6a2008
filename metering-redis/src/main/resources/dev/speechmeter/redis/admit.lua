-- Admits one request: takes a request token at the organization (KEYS[1]) and the project (KEYS[2])
-- and a slot at the organization's pool (KEYS[3]) and the project's (KEYS[4]), all or nothing.
-- The rate is decided as by take-request.lua, then the slot as by acquire-slot.lua; nothing is
-- written unless both admit, except that expired leases are dropped from the pools.
-- ARGV: now in microseconds or '' for the server's TIME, organization cap, project cap (0 = none),
--       lease in microseconds, organization slot cap, project slot cap (-1 = none), the lease's id.
-- Returns {rate refused by (0 none, 1 organization, 2 project), wait in microseconds,
--          organization tokens left, organization microseconds until full, the same for the project,
--          slot refused by (0 none, 1 organization, 2 project, -1 not tried: the rate refused),
--          organization slots, project slots}.
-- After rate-check.lua, which reads the buckets and decides the rate.
-- Written flat, without tables or functions made per call: this runs on every pooled admission.
local slotRefused, oHeld, pHeld = -1, 0, 0
if refused == 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
  redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now)
  oHeld = redis.call('ZCARD', KEYS[3])
  pHeld = redis.call('ZCARD', KEYS[4])
  local oSlots = tonumber(ARGV[5])
  local pSlots = tonumber(ARGV[6])
  if oSlots >= 0 and oHeld >= oSlots then
    slotRefused = 1
  elseif pSlots >= 0 and pHeld >= pSlots then
    slotRefused = 2
  else
    slotRefused = 0
  end
end

if slotRefused == 0 then
  if oCap > 0 then
    redis.call('SET', KEYS[1], string.format('%.3f', oAfter), 'PX', ceil((oAfter - now) / 1000) + 1000)
    oFull = oAfter
  end
  if pCap > 0 then
    redis.call('SET', KEYS[2], string.format('%.3f', pAfter), 'PX', ceil((pAfter - now) / 1000) + 1000)
    pFull = pAfter
  end
  local lease = tonumber(ARGV[4])
  local expiry = ceil(lease / 1000) + 1000
  redis.call('ZADD', KEYS[3], now + lease, ARGV[7])
  redis.call('PEXPIRE', KEYS[3], expiry)
  redis.call('ZADD', KEYS[4], now + lease, ARGV[7])
  redis.call('PEXPIRE', KEYS[4], expiry)
  oHeld = oHeld + 1
  pHeld = pHeld + 1
end

local oLeft, oUntil, pLeft, pUntil = -1, -1, -1, -1
if oCap > 0 then
  oLeft = floor((PERIOD - (oFull - now)) * oCap / PERIOD)
  oUntil = ceil(oFull - now)
end
if pCap > 0 then
  pLeft = floor((PERIOD - (pFull - now)) * pCap / PERIOD)
  pUntil = ceil(pFull - now)
end
return {refused, ceil(wait), oLeft, oUntil, pLeft, pUntil, slotRefused, oHeld, pHeld}
