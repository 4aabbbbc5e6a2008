-- Gives back a lease (ARGV[2]) at the organization's pool (KEYS[1]) and the project's (KEYS[2]).
redis.call('ZREM', KEYS[1], ARGV[2])
redis.call('ZREM', KEYS[2], ARGV[2])
return 0
