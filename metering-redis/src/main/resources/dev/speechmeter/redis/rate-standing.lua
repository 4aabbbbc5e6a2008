-- Where one bucket (KEYS[1]) stands, without taking anything.
-- ARGV: now in microseconds or '' for the server's TIME, cap.
-- Returns {tokens left, microseconds until full}.
local PERIOD = 60000000
local cap = tonumber(ARGV[2])
local f = tonumber(redis.call('GET', KEYS[1])) or now
if f < now then f = now end
return {math.floor((PERIOD - (f - now)) * cap / PERIOD), math.ceil(f - now)}
