-- Reads a channel's position and history in one atomic step, so the position matches the entries.
-- KEYS[1] meta hash, KEYS[2] history stream
-- ARGV: 1 epoch to use if the channel has none, 2 after offset (-1 = newest), 3 limit, 4 ttl seconds
redis.call('HSETNX', KEYS[1], 'epoch', ARGV[1])
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[4]) * 2 + 60)
local epoch = redis.call('HGET', KEYS[1], 'epoch')
local offset = tonumber(redis.call('HGET', KEYS[1], 'offset') or '0')
local after = tonumber(ARGV[2])
local entries = {}
if after < 0 then
  entries = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', ARGV[3])
elseif after < offset then
  entries = redis.call('XRANGE', KEYS[2], string.format('%d-0', after + 1), '+', 'COUNT', ARGV[3])
end
local out = {epoch, offset}
for _, entry in ipairs(entries) do
  out[#out + 1] = entry[2][2]
end
return out
