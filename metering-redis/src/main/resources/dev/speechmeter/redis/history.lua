-- Put after now.lua in a script that takes or gives back slots: the concurrency history of a
-- project's pool for the fleet (GET /v1/concurrent-streams-history). It is one hash per period with
-- samples, named by a prefix for the project and pool, the period's length and its start in seconds
-- (sm:hist:<pool>:<project>:60:1798761600), with the fields n (samples), s (their sum), lo and hi
-- (the least and the greatest), l (the last) and t (admissions). A period is kept, from its end, as
-- long as a server keeps periods of its length in memory: 7 days of minutes, 31 of hours, 400 of days.

-- Adds the sample "level", reached from "before" by an admission (admitted = 1) or a release (0),
-- to the period of length "period" that holds "second"; the first sample of a period comes after one
-- of "before", the slots carried into it, when there were any. Writes only the fields that change:
-- this runs twice for every pooled request.
local function recordPeriod(prefix, second, period, kept, before, level, admitted)
  local start = second - second % period
  local key = prefix .. period .. ':' .. start
  local f = redis.call('HMGET', key, 'n', 's', 'lo', 'hi', 't')
  if not f[1] then
    local n, s, lo, hi = 1, level, level, level
    if before > 0 then
      n, s, lo, hi = 2, before + level, math.min(before, level), math.max(before, level)
    end
    redis.call('HSET', key, 'n', n, 's', s, 'lo', lo, 'hi', hi, 't', admitted, 'l', level)
    redis.call('PEXPIRE', key, (start + period + kept) * 1000 - math.floor(now / 1000))
  elseif level < tonumber(f[3]) then
    redis.call('HSET', key, 'n', f[1] + 1, 's', f[2] + level, 't', f[5] + admitted, 'l', level, 'lo', level)
  elseif level > tonumber(f[4]) then
    redis.call('HSET', key, 'n', f[1] + 1, 's', f[2] + level, 't', f[5] + admitted, 'l', level, 'hi', level)
  else
    redis.call('HSET', key, 'n', f[1] + 1, 's', f[2] + level, 't', f[5] + admitted, 'l', level)
  end
end

-- Adds the sample to its minute, its hour and its day at once, so that the peak of each is exact.
-- Called through pcall: a history that cannot be written never fails the slot it was recorded for.
local function recordSample(prefix, before, level, admitted)
  local second = math.floor(now / 1000000)
  recordPeriod(prefix, second, 60, 604800, before, level, admitted)
  recordPeriod(prefix, second, 3600, 2678400, before, level, admitted)
  recordPeriod(prefix, second, 86400, 34560000, before, level, admitted)
end

-- The leases of a pool not yet expired.
local function liveLeases(key)
  return redis.call('ZCOUNT', key, string.format('(%.0f', now), '+inf')
end
