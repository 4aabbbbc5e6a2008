-- Reads periods of a project's concurrency history (see history.lua): ARGV[5] periods of ARGV[3]
-- seconds, the first starting ARGV[2] seconds after the epoch, of the history named by the prefix
-- ARGV[4]. ARGV[1] is the time, unused. Called for a few hundred periods at a time, so that Redis
-- is never busy with one read for long.
-- Returns n, s, lo, hi, t and l of each period in turn; all 0 for a period without samples.
local first, seconds, prefix = tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
local answer = {}
for i = 0, tonumber(ARGV[5]) - 1 do
  local f = redis.call('HMGET', prefix .. seconds .. ':' .. string.format('%d', first + i * seconds),
    'n', 's', 'lo', 'hi', 't', 'l')
  for j = 1, 6 do
    answer[i * 6 + j] = tonumber(f[j]) or 0
  end
end
return answer
