-- Takes one request token at the organization (KEYS[1]) then the project (KEYS[2]), or at neither.
-- A bucket is one number: the time, in microseconds, at which it is full again ("full at").
-- ARGV: now in microseconds or '' for the server's TIME, organization cap, project cap (0 = none).
-- Returns {refused by (0 none, 1 organization, 2 project), wait in microseconds,
--          organization tokens left, organization microseconds until full, the same for the project}.
-- After rate-check.lua, which reads the buckets and decides.
-- Written flat, without tables or functions made per call: this runs on every admission.
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
