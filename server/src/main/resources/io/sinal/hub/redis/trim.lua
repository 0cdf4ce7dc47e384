-- Forgets channels without live history past the bound, idle longest first; every node runs it a few
-- times a second. A forgotten channel that last published in its group's empty epoch moves the group
-- on to a new one first, so its offsets are never given again under that epoch: an old cursor gets a
-- reset instead of other messages. (The keys of the forgotten channel are built here, so this script
-- assumes one Redis, not Redis Cluster.)
-- KEYS[1] known channels (sorted set), KEYS[2] empty epochs hash
-- ARGV: 1 now (ms), 2 most idle channels kept, 3 most forgotten by this run, 4 key prefix, 5 a fresh epoch
local idle = redis.call('ZCOUNT', KEYS[1], '-inf', ARGV[1])
local excess = math.min(idle - tonumber(ARGV[2]), tonumber(ARGV[3]))
for _ = 1, excess do
  local channel = redis.call('ZPOPMIN', KEYS[1])[1]
  local meta = ARGV[4] .. '{' .. channel .. '}:meta'
  local group = tostring(tonumber(string.sub(redis.sha1hex(channel), 1, 3), 16))
  local current = redis.call('HGET', KEYS[2], group) or redis.call('HGET', KEYS[2], 'node')
  local epoch = redis.call('HGET', meta, 'epoch')
  if epoch and epoch == current then
    redis.call('HSET', KEYS[2], group, ARGV[5])
  end
  redis.call('DEL', meta, ARGV[4] .. '{' .. channel .. '}:stream')
end
return math.max(excess, 0)
