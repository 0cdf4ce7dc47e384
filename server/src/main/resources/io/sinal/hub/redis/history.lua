-- Reads a channel's position and history in one atomic step, so the position matches the entries.
-- A read stores nothing for the channel: one it holds nothing for answers offset 0 in its group's
-- empty epoch (see trim.lua), the same on every read and every node.
-- KEYS[1] meta hash, KEYS[2] history stream, KEYS[3] empty epochs hash
-- ARGV: 1 empty epoch for the deployment if it has none yet, 2 after offset (-1 = newest), 3 limit,
--       4 channel (raw)
local epoch = redis.call('HGET', KEYS[1], 'epoch')
if not epoch then
  local group = tostring(tonumber(string.sub(redis.sha1hex(ARGV[4]), 1, 3), 16))
  epoch = redis.call('HGET', KEYS[3], group) or redis.call('HGET', KEYS[3], 'node')
  if not epoch then
    -- Once per deployment (or after Redis lost its data), not per channel.
    redis.call('HSETNX', KEYS[3], 'node', ARGV[1])
    epoch = redis.call('HGET', KEYS[3], 'node')
  end
  return {epoch, 0}
end
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
