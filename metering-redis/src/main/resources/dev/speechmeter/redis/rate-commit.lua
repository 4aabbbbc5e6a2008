-- Put after rate-check.lua and before take-request.lua or admit.lua, which end alike: "commitRate"
-- takes the token rate-check.lua decided on, "standing" says where a level stands for the answer.
-- Writes each capped level's bucket as its "full at" once the token is taken, kept a second past it.
local function commitRate()
  if oCap > 0 then
    redis.call('SET', KEYS[1], string.format('%.3f', oAfter), 'PX', ceil((oAfter - now) / 1000) + 1000)
    oFull = oAfter
  end
  if pCap > 0 then
    redis.call('SET', KEYS[2], string.format('%.3f', pAfter), 'PX', ceil((pAfter - now) / 1000) + 1000)
    pFull = pAfter
  end
end

-- A level's tokens left and microseconds until full, from its cap and "full at"; -1, -1 without a cap.
local function standing(cap, full)
  if cap > 0 then
    return floor((PERIOD - (full - now)) * cap / PERIOD), ceil(full - now)
  end
  return -1, -1
end
