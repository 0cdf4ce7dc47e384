-- Presence leases (RedisPresence): presence that no connection holds, kept while renewed. The three
-- operations are one script so that each is atomic across nodes (an entry joins once, leaves once)
-- and they share drop(). Expiry is the scores, ms on the nodes' clock, so any node sees it alike.
-- Keys are built here from the prefix, so this assumes one Redis, not Redis Cluster (as trim.lua).
--   <p>leases            sorted set: lease id -> expiry, every lease of the deployment
--   <p>lease-info        hash: lease id -> {"c": channel, "u": user}
--   <p>leases-of:<u>     sorted set: the user's lease ids -> expiry, in every channel
--   <p>{<c>}:leases:<u>  sorted set: the user's lease ids in the channel -> expiry
--   <p>{<c>}:lease-holders  hash: user -> id of the presence entry their leases in the channel share
--   <p>{<c>}:lease-entries  sorted set: user -> expiry of their latest lease in the channel, which
--                        RedisPresence.get reads beside the connections' entries
-- ARGV: 1 op, 2 prefix, 3 now (ms), then
--   lease:  4 channel, 5 user, 6 lease id to renew or '', 7 fresh id, 8 ttl ms, 9 most per channel,
--           10 most per user, 11 most in all, 12 key ttl s
--           -> {outcome, id or '', held, joined entry id or ''}
--   end:    4 channel, 5 user, 6 lease id  -> {} or {channel, entry json} when the entry left
--   expire: 4 most leases ended            -> {channel, entry json, channel, entry json, ...}
local op, p, now = ARGV[1], ARGV[2], tonumber(ARGV[3])

local function channelKey(c, suffix)
  return p .. '{' .. c .. '}:' .. suffix
end

-- Ends lease id; returns {channel, entry json} when it was the last lease holding its entry.
local function drop(id, lease)
  redis.call('ZREM', p .. 'leases', id)
  redis.call('HDEL', p .. 'lease-info', id)
  redis.call('ZREM', p .. 'leases-of:' .. lease.u, id)
  local mine = channelKey(lease.c, 'leases:' .. lease.u)
  redis.call('ZREM', mine, id)
  local latest = redis.call('ZRANGE', mine, -1, -1, 'WITHSCORES')
  if #latest > 0 then
    -- The entry lasts as long as the leases still holding it, no longer.
    redis.call('ZADD', channelKey(lease.c, 'lease-entries'), latest[2], lease.u)
    return nil
  end
  local holders = channelKey(lease.c, 'lease-holders')
  local entry = redis.call('HGET', holders, lease.u)
  redis.call('HDEL', holders, lease.u)
  redis.call('ZREM', channelKey(lease.c, 'lease-entries'), lease.u)
  return entry and {lease.c, cjson.encode({client = entry, user = lease.u})}
end

local function info(id)
  local json = redis.call('HGET', p .. 'lease-info', id)
  return json and cjson.decode(json)
end

if op == 'lease' then
  local c, u, renew, fresh = ARGV[4], ARGV[5], ARGV[6], ARGV[7]
  local expires, keyTtl = now + tonumber(ARGV[8]), tonumber(ARGV[12])
  local mine, byUser = channelKey(c, 'leases:' .. u), p .. 'leases-of:' .. u
  local holders, entries = channelKey(c, 'lease-holders'), channelKey(c, 'lease-entries')
  local function hold(id)
    redis.call('ZADD', p .. 'leases', expires, id)
    redis.call('ZADD', byUser, expires, id)
    redis.call('ZADD', mine, expires, id)
    redis.call('ZADD', entries, 'GT', expires, u)
    -- Past every lease in them (the sweep deletes them first), in case no node is left to sweep.
    for _, key in ipairs({byUser, mine, holders, entries}) do
      redis.call('EXPIRE', key, keyTtl)
    end
  end
  if renew ~= '' then
    local old = info(renew)
    if old and (old.c ~= c or old.u ~= u) then
      return {'not_yours', '', 0, ''}
    end
    if old and tonumber(redis.call('ZSCORE', p .. 'leases', renew) or '0') > now then
      hold(renew)
      return {'renewed', renew, redis.call('ZCOUNT', mine, '(' .. ARGV[3], '+inf'), ''}
    end
  end
  local here = redis.call('ZCOUNT', mine, '(' .. ARGV[3], '+inf')
  if here >= tonumber(ARGV[9]) then
    return {'channel_full', '', here, ''}
  end
  local held = redis.call('ZCOUNT', byUser, '(' .. ARGV[3], '+inf')
  if held >= tonumber(ARGV[10]) then
    return {'user_full', '', held, ''}
  end
  local all = redis.call('ZCARD', p .. 'leases')
  if all >= tonumber(ARGV[11]) then
    return {'all_full', '', all, ''}
  end
  redis.call('HSET', p .. 'lease-info', fresh, cjson.encode({c = c, u = u}))
  local joined = ''
  if redis.call('HSETNX', holders, u, fresh) == 1 then
    joined = fresh
  end
  hold(fresh)
  return {'started', fresh, here + 1, joined}
elseif op == 'end' then
  local lease = info(ARGV[6])
  if not lease or lease.c ~= ARGV[4] or lease.u ~= ARGV[5] then
    return {}
  end
  return drop(ARGV[6], lease) or {}
elseif op == 'expire' then
  local out = {}
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', p .. 'leases', '-inf', ARGV[3], 'LIMIT', 0, tonumber(ARGV[4]))) do
    local lease = info(id)
    local left = lease and drop(id, lease)
    if not lease then
      redis.call('ZREM', p .. 'leases', id)
    elseif left then
      out[#out + 1] = left[1]
      out[#out + 1] = left[2]
    end
  end
  return out
end
return redis.error_reply('unknown lease operation ' .. tostring(op))
