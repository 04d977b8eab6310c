-- a test script run next to an enqueue: ARGV prefix, now, key, then the job ids to keep in it
redis.call('RPUSH', ARGV[3], unpack(ARGV, 4))
return #ARGV - 3
