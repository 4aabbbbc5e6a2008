-- Gives back leases: KEYS are pairs of pools (organization, project), ARGV[2..] the lease in each
-- pair; one lease when a request ends, several when a renewal gives back those released meanwhile.
for i = 2, #ARGV do
  local k = (i - 2) * 2 + 1
  redis.call('ZREM', KEYS[k], ARGV[i])
  redis.call('ZREM', KEYS[k + 1], ARGV[i])
end
return 0
