-- Gives back one request token at the organization (KEYS[1]) and the project (KEYS[2]).
-- ARGV: now in microseconds or '' for the server's TIME, organization cap, project cap (0 = none).
local PERIOD = 60000000
for i = 1, 2 do
  local cap = tonumber(ARGV[i + 1])
  if cap > 0 then
    local f = tonumber(redis.call('GET', KEYS[i]))
    if f then
      f = f - PERIOD / cap
      if f <= now then
        redis.call('DEL', KEYS[i])
      else
        redis.call('SET', KEYS[i], string.format('%.3f', f), 'PX', math.ceil((f - now) / 1000) + 1000)
      end
    end
  end
end
return 0
