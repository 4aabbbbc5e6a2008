-- Leases of a pool (KEYS[1]) not yet expired. ARGV: now in microseconds or '' for the server's TIME.
return redis.call('ZCOUNT', KEYS[1], '(' .. now, '+inf')
