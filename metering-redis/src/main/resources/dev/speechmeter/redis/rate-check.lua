-- Put after now.lua and before rate-commit.lua: reads the organization's bucket (KEYS[1]) and the
-- project's (KEYS[2]) for caps ARGV[2] and ARGV[3] (0 = none) and decides whether both have a token,
-- writing nothing. Sets, for the parts and the script after it: "refused" (0 none, 1 organization,
-- 2 project), "wait" in microseconds, each level's "full at" now ("oFull", "pFull") and once
-- the token is taken ("oAfter", "pAfter"), the caps "oCap", "pCap", and PERIOD, floor, ceil.
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
