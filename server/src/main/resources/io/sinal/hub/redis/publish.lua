-- Assigns the next offset, appends to history and fans out, in one atomic step (Redis runs a script
-- alone), which is the Broker contract across every node.
-- KEYS[1] meta hash (epoch, offset), KEYS[2] history stream, KEYS[3] empty epochs hash,
-- KEYS[4] known channels (sorted set, scored by when their history expires)
-- ARGV: 1 empty epoch for the deployment if it has none yet, 2 ts, 3 channel as JSON, 4 type as JSON,
--       5 data JSON, 6 history size, 7 ttl seconds, 8 pub/sub channel, 9 type (raw, no spaces),
--       10 channel (raw)
local epoch = redis.call('HGET', KEYS[1], 'epoch')
if not epoch then
  -- No state: continue the position reads answered (history.lua), offset 0 in the group's epoch.
  local group = tostring(tonumber(string.sub(redis.sha1hex(ARGV[10]), 1, 3), 16))
  epoch = redis.call('HGET', KEYS[3], group) or redis.call('HGET', KEYS[3], 'node')
  if not epoch then
    redis.call('HSET', KEYS[3], 'node', ARGV[1])
    epoch = ARGV[1]
  end
  redis.call('HSET', KEYS[1], 'epoch', epoch)
end
local offset = redis.call('HINCRBY', KEYS[1], 'offset', 1)
local envelope = '{"channel":' .. ARGV[3] .. ',"offset":' .. offset .. ',"epoch":"' .. epoch
  .. '","type":' .. ARGV[4] .. ',"data":' .. ARGV[5] .. ',"ts":' .. ARGV[2] .. '}'
local ttl = tonumber(ARGV[7])
local idleFrom = tonumber(ARGV[2])
if tonumber(ARGV[6]) > 0 then
  redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[6], offset .. '-1', 'e', envelope)
  redis.call('EXPIRE', KEYS[2], ttl)
  idleFrom = idleFrom + ttl * 1000
end
-- The position outlives the history, so a quiet channel's pollers are not reset; trim.lua bounds
-- how many are kept (an expiring meta would be forgotten without moving its group's epoch on).
redis.call('PERSIST', KEYS[1])
redis.call('ZADD', KEYS[4], idleFrom, ARGV[10])
redis.call('PUBLISH', ARGV[8], offset .. ' ' .. epoch .. ' ' .. ARGV[2] .. ' ' .. ARGV[9] .. '\n' .. envelope)
return {offset, epoch, envelope}
