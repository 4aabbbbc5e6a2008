-- Takes one request token at the organization (KEYS[1]) then the project (KEYS[2]), or at neither.
-- A bucket is one number: the time, in microseconds, at which it is full again ("full at").
-- ARGV: now in microseconds or '' for the server's TIME, organization cap, project cap (0 = none).
-- Returns {refused by (0 none, 1 organization, 2 project), wait in microseconds,
--          organization tokens left, organization microseconds until full, the same for the project}.
-- Written flat, without tables or functions made per call: this runs on every admission.
local PERIOD = 60000000
local oCap = tonumber(ARGV[2])
local pCap = tonumber(ARGV[3])
local floor, ceil = math.floor, math.ceil

local oFull, oAfter, oOver = now, now, -1
if oCap > 0 then
  oFull = tonumber(redis.call('GET', KEYS[1])) or now
  if oFull < now then oFull = now end
  oAfter = oFull + PERIOD / oCap
  oOver = oAfter - now - PERIOD
end
local pFull, pAfter, pOver = now, now, -1
if pCap > 0 then
  pFull = tonumber(redis.call('GET', KEYS[2])) or now
  if pFull < now then pFull = now end
  pAfter = pFull + PERIOD / pCap
  pOver = pAfter - now - PERIOD
end

local refused, wait = 0, 0
if oOver > 0 then
  refused, wait = 1, oOver
  if pOver > wait then wait = pOver end
elseif pOver > 0 then
  refused, wait = 2, pOver
end

if refused == 0 then
  if oCap > 0 then
    redis.call('SET', KEYS[1], string.format('%.3f', oAfter), 'PX', ceil((oAfter - now) / 1000) + 1000)
    oFull = oAfter
  end
  if pCap > 0 then
    redis.call('SET', KEYS[2], string.format('%.3f', pAfter), 'PX', ceil((pAfter - now) / 1000) + 1000)
    pFull = pAfter
  end
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
return {refused, ceil(wait), oLeft, oUntil, pLeft, pUntil}
