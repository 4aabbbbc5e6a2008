-- Takes one request token at the organization (KEYS[1]) then the project (KEYS[2]), or at neither.
-- A bucket is one number: the time, in microseconds, at which it is full again ("full at").
-- ARGV: now in microseconds or '' for the server's TIME, organization cap, project cap (0 = none).
-- Returns {refused by (0 none, 1 organization, 2 project), wait in microseconds,
--          organization tokens left, organization microseconds until full, the same for the project}.
local PERIOD = 60000000
local caps = {tonumber(ARGV[2]), tonumber(ARGV[3])}

local fullAt = {}
local after = {}
local over = {}
for i = 1, 2 do
  if caps[i] > 0 then
    local f = tonumber(redis.call('GET', KEYS[i])) or now
    if f < now then f = now end
    fullAt[i] = f
    after[i] = f + PERIOD / caps[i]
    over[i] = after[i] - now - PERIOD
  end
end

local function standing(i, f)
  if caps[i] == 0 then return {-1, -1} end
  return {math.floor((PERIOD - (f - now)) * caps[i] / PERIOD), math.ceil(f - now)}
end

local refused = 0
local wait = 0
if caps[1] > 0 and over[1] > 0 then
  refused = 1
  wait = over[1]
  if caps[2] > 0 and over[2] > wait then wait = over[2] end
elseif caps[2] > 0 and over[2] > 0 then
  refused = 2
  wait = over[2]
end

if refused == 0 then
  for i = 1, 2 do
    if caps[i] > 0 then
      redis.call('SET', KEYS[i], string.format('%.3f', after[i]), 'PX', math.ceil((after[i] - now) / 1000) + 1000)
      fullAt[i] = after[i]
    end
  end
end
local o = standing(1, fullAt[1])
local p = standing(2, fullAt[2])
return {refused, math.ceil(wait), o[1], o[2], p[1], p[2]}
