// Every change to a device session is one Lua script, so a refresh racing a sign-out, or two
// refreshes with the same token, can never both succeed.
//
// Calling convention: KEYS[1] = the session hash, KEYS[2] = the account's device index,
// KEYS[3] = the session's rotated-token set (all share the account's hash tag: one cluster slot).
// ARGV[1] = now (ms). A session past its expiresAt counts as gone, whatever Redis' TTL says.
// Ending a session publishes "<accountId> <deviceSessionId>" to the node holding the TV's socket
// (on Redis Cluster: to the account's sharded channel, in the same slot),
// after the session is deleted, so a lost event never leaves a TV wrongly signed in: a TV that
// reconnects registers again and is told then.

/** Rotated refresh tokens remembered per device for reuse detection; older ones are just unknown. */
export const MAX_REMEMBERED_ROTATED_TOKENS = 100;

function prelude(publishEventLua: string): string {
  return `${publishEventLua}
local unpack = unpack or table.unpack
local session = KEYS[1]
local index = KEYS[2]
local rotated = KEYS[3]
local now = tonumber(ARGV[1])
local function endSession()
  local id = redis.call('HGET', session, 'id')
  local node = redis.call('HGET', session, 'listenerNode')
  local accountId = redis.call('HGET', session, 'accountId')
  redis.call('DEL', session, rotated)
  if id then redis.call('ZREM', index, id) end
  if node and node ~= '' and id and accountId then
    publishEvent(node, accountId, accountId .. ' ' .. id)
  end
end
local function active()
  local expiresAt = redis.call('HGET', session, 'expiresAt')
  if not expiresAt then return false end
  if now >= tonumber(expiresAt) then
    endSession()
    return false
  end
  return true
end
`;
}

/**
 * ARGV[2] = clean-up TTL (ms), ARGV[3] = session id, ARGV[4..] = field, value pairs. Returns 0
 * and changes nothing if the session exists: a sign-in handed to its TV again (see the pairing's
 * token box) saves the same session again, which must not undo a refresh that happened since.
 */
const create = `
if redis.call('EXISTS', session) == 1 then return 0 end
redis.call('HSET', session, unpack(ARGV, 4))
redis.call('PEXPIRE', session, ARGV[2])
redis.call('ZADD', index, now, ARGV[3])
redis.call('PEXPIRE', index, ARGV[2])
return 1
`;

/**
 * Refresh token rotation. ARGV[2] = hash of the presented token, ARGV[3] = hash of its successor,
 * ARGV[4] = new expiresAt, ARGV[5] = client id, ARGV[6] = clean-up TTL (ms), ARGV[7] = how many
 * rotated hashes to remember, ARGV[8] = the network it is seen from ('' = not known: keep). A token that was already rotated away is a replay (a thief or the
 * real TV, we cannot tell which): the whole session ends (RFC 9700 §4.14.2).
 */
const rotate = `
if not active() then return {'invalid'} end
local presented = ARGV[2]
if redis.call('HGET', session, 'refreshHash') == presented then
  if redis.call('HGET', session, 'clientId') ~= ARGV[5] then return {'invalid'} end
  redis.call('HSET', session, 'refreshHash', ARGV[3], 'lastSeenAt', now, 'expiresAt', ARGV[4])
  if ARGV[8] and ARGV[8] ~= '' then redis.call('HSET', session, 'lastNetwork', ARGV[8]) end
  redis.call('ZADD', rotated, now, presented)
  redis.call('ZREMRANGEBYRANK', rotated, 0, -1 - tonumber(ARGV[7]))
  redis.call('PEXPIRE', session, ARGV[6])
  redis.call('PEXPIRE', rotated, ARGV[6])
  redis.call('PEXPIRE', index, ARGV[6])
  return {'rotated', redis.call('HGETALL', session)}
end
if redis.call('ZSCORE', rotated, presented) then
  endSession()
  return {'reused'}
end
return {'invalid'}
`;

/** RFC 7009 revocation by refresh token. ARGV[2] = token hash, ARGV[3] = client id. Returns 1 if ended. */
const revokeByToken = `
if not active() then return 0 end
local presented = ARGV[2]
if redis.call('HGET', session, 'refreshHash') ~= presented and not redis.call('ZSCORE', rotated, presented) then return 0 end
if redis.call('HGET', session, 'clientId') ~= ARGV[3] then return 0 end
endSession()
return 1
`;

/** Sign-out by the account owner. Returns 1 if the session existed. */
const revoke = `
if not active() then return 0 end
endSession()
return 1
`;

/**
 * Is the session signed in? ARGV[2] = node id to route sign-out events to ('' = none),
 * ARGV[3] = the network it is seen from ('' = not known: keep). Records last seen.
 */
const touch = `
if not active() then return 0 end
redis.call('HSET', session, 'lastSeenAt', now)
if ARGV[2] ~= '' then redis.call('HSET', session, 'listenerNode', ARGV[2]) end
if ARGV[3] and ARGV[3] ~= '' then redis.call('HSET', session, 'lastNetwork', ARGV[3]) end
return 1
`;

/** ARGV[2] = profile id: the viewer chose who is watching on this device ("Who's watching?"). */
const chooseProfile = `
if not active() then return 0 end
redis.call('HSET', session, 'profileId', ARGV[2])
return 1
`;

export const DEVICE_SESSION_SCRIPTS = { create, rotate, revokeByToken, revoke, touch, chooseProfile } as const;
export type DeviceSessionScriptName = keyof typeof DEVICE_SESSION_SCRIPTS;

/** `publishEventLua` is eventChannels.ts's luaPublishEvent (node or account-sharded channel). */
export function buildDeviceSessionScripts(publishEventLua: string): Record<DeviceSessionScriptName, string> {
  const head = prelude(publishEventLua);
  const entries = Object.entries(DEVICE_SESSION_SCRIPTS).map(([name, body]) => [name, head + body]);
  return Object.fromEntries(entries) as Record<DeviceSessionScriptName, string>;
}
