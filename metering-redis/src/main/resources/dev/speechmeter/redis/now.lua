-- Put before every script: "now" in microseconds, from ARGV[1] when the caller gives a time
-- (tests on a fake clock), else from the server, which every node of a fleet agrees on.
local now
if ARGV[1] ~= '' then
  now = tonumber(ARGV[1])
else
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
end
