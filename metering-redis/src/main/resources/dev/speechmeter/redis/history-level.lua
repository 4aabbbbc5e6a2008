-- The level a project held at the end of the last period with samples among KEYS, periods of its
-- concurrency history (see history.lua) given latest first; -1 when none has samples. ARGV[1] is
-- the time, unused.
for i = 1, #KEYS do
  local level = redis.call('HGET', KEYS[i], 'l')
  if level then
    return tonumber(level)
  end
end
return -1
