-- Assigns the next offset, appends to history and fans out, in one atomic step (Redis runs a script
-- alone), which is the Broker contract across every node.
-- KEYS[1] meta hash (epoch, offset), KEYS[2] history stream
-- ARGV: 1 epoch to use if the channel has none, 2 ts, 3 channel as JSON, 4 type as JSON, 5 data JSON,
--       6 history size, 7 ttl seconds, 8 pub/sub channel, 9 type (raw, no spaces)
redis.call('HSETNX', KEYS[1], 'epoch', ARGV[1])
local epoch = redis.call('HGET', KEYS[1], 'epoch')
local offset = redis.call('HINCRBY', KEYS[1], 'offset', 1)
local envelope = '{"channel":' .. ARGV[3] .. ',"offset":' .. offset .. ',"epoch":"' .. epoch
  .. '","type":' .. ARGV[4] .. ',"data":' .. ARGV[5] .. ',"ts":' .. ARGV[2] .. '}'
local ttl = tonumber(ARGV[7])
if tonumber(ARGV[6]) > 0 then
  redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[6], offset .. '-1', 'e', envelope)
  redis.call('EXPIRE', KEYS[2], ttl)
end
-- The epoch outlives the history a little, so a quiet channel's subscribers are not reset needlessly.
redis.call('EXPIRE', KEYS[1], ttl * 2 + 60)
redis.call('PUBLISH', ARGV[8], offset .. ' ' .. epoch .. ' ' .. ARGV[2] .. ' ' .. ARGV[9] .. '\n' .. envelope)
return {offset, epoch, envelope}
