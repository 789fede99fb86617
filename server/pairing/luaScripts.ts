import { PAIRING_STATES, TRANSITIONS } from '../../shared/pairingStates.ts';

// Every pairing transition is one Lua script over one hash, so it is atomic: two approvals, or a
// poll racing the WebSocket, can never both succeed. The allowed transitions and every state name
// are generated from the shared state table, never written twice: the scripts name a state only
// as STATE.<name> (a name the table lacks raises an error in Lua) and ask can(from, to) what the
// table allows. test/unit/pairingStates.test.ts fails if a script spells a state out.
//
// Calling convention for every script: KEYS[1] = the pairing hash, ARGV[1] = now (ms),
// ARGV[2] = the user code. Scripts that return a pairing return {outcome, HGETALL...}.
// Events for a listening TV are published from inside the script, to the channel of the node it
// listens on (or, on Redis Cluster, the pairing's own sharded channel: see eventChannels.ts): the
// state is stored before the event exists, so a lost event never loses a token.

function luaTransitionTable(): string {
  const rows = Object.entries(TRANSITIONS).map(
    ([from, targets]) => `${from}={${targets.map((to) => `${to}=true`).join(',')}}`,
  );
  return `{${rows.join(',')}}`;
}

function luaStateTable(): string {
  return `{${PAIRING_STATES.map((state) => `${state}='${state}'`).join(',')}}`;
}

/** What every pairing script starts with: the state table, the pairing's fields (F), set/flush, replies. */
export function pairingScriptPrelude(publishEventLua: string): string {
  return `${publishEventLua}local STATE = setmetatable(${luaStateTable()}, {__index = function(_, name) error('unknown pairing state ' .. tostring(name)) end})
local TRANSITIONS = ${luaTransitionTable()}
local unpack = unpack or table.unpack
local key = KEYS[1]
local now = tonumber(ARGV[1])
local userCode = ARGV[2]
local function can(from, to)
  local targets = TRANSITIONS[from]
  return targets ~= nil and targets[to] == true
end
-- The pairing's fields, read once (one HGETALL instead of an HGET per field: issue 11). Writes go
-- through set(), which keeps F current, and are sent as one HSET when the script ends (flush,
-- called after every script body); replies are built from F, not read again.
local F = {}
do
  local all = redis.call('HGETALL', key)
  for i = 1, #all, 2 do F[all[i]] = all[i + 1] end
end
local dirty = {}
local function str(value)
  if type(value) == 'number' then return string.format('%.17g', value) end
  return value
end
local function set(...)
  local args = {...}
  for i = 1, #args, 2 do
    local field = args[i]
    if dirty[field] == nil then dirty[#dirty + 1] = field end
    dirty[field] = true
    F[field] = str(args[i + 1])
  end
end
local function del(...)
  local args = {...}
  for i = 1, #args do F[args[i]] = nil end
  redis.call('HDEL', key, ...)
end
local function flush()
  local args = {}
  for i = 1, #dirty do
    local field = dirty[i]
    if F[field] ~= nil and dirty[field] then
      args[#args + 1] = field
      args[#args + 1] = F[field]
      dirty[field] = false
    end
  end
  if #args > 0 then redis.call('HSET', key, unpack(args, 1, #args)) end
end
-- Set by stateNow: when a TV whose socket closed must be back by (nil: no TV is missing).
local tvGoneUntil
-- The state as of 'now': a pairing past its deadline is expired, whatever Redis's TTL says. A
-- code still waiting for a decision whose TV's socket closed (tvGone) and did not listen again,
-- on any node, within the grace period has ended too: the TV stopped waiting (tvLeftAt).
local function stateNow()
  local state = F.state
  if not state then return false end
  if can(state, STATE.expired) and now >= tonumber(F.expiresAt) then
    set('state', STATE.expired, 'expiredAt', now)
    return STATE.expired
  end
  -- Only a code still waiting for a decision can have lost its TV.
  if state ~= STATE.pending and state ~= STATE.scanned then return state end
  tvGoneUntil = F.tvGoneUntil
  if tvGoneUntil and now >= tonumber(tvGoneUntil) then
    set('state', STATE.expired, 'expiredAt', now, 'tvLeftAt', F.tvGoneAt)
    return STATE.expired
  end
  return state
end
local function notify(event)
  local node = F.listenerNode
  if node then publishEvent(node, userCode, userCode .. ' ' .. event) end
end
-- The pairing as a flat field, value list; without its token box for a caller that has the box.
-- (A table constructor: ioredis-mock's Lua bridge returns nothing for a table filled by assignment.)
local function fields(withoutBox)
  local flat = {}
  for field, value in pairs(F) do
    if not (withoutBox and field == 'tokenBox') then
      flat[#flat + 1] = field
      flat[#flat + 1] = value
    end
  end
  return {unpack(flat, 1, #flat)}
end
local function reply(outcome)
  return {outcome, fields(false)}
end
local function replyWithoutBox(outcome)
  return {outcome, fields(true)}
end
`;
}

/** ARGV[3] = clean-up TTL (ms), ARGV[4..] = field, value pairs. Returns 1, or 0 if the code is taken. */
const create = `
if next(F) ~= nil then return 0 end
redis.call('HSET', key, unpack(ARGV, 4))
redis.call('PEXPIRE', key, ARGV[3])
return 1
`;

/** Reads a pairing as of now. */
const read = `
local state = stateNow()
if not state then return {'unknown', {}} end
return reply(state)
`;

/** The code was opened on a phone or computer: pending → scanned, and tell the TV. */
const scan = `
local state = stateNow()
if not state then return {'unknown', {}} end
if can(state, STATE.scanned) then
  set('state', STATE.scanned, 'scannedAt', now)
  notify(STATE.scanned)
  return reply(STATE.scanned)
end
return reply(state)
`;

/**
 * ARGV[3] = 'approved' | 'denied', ARGV[4] = account id, ARGV[5] = claim window (ms),
 * ARGV[6] = the sealed token response of this approval ('' = none: the TV's claim mints it).
 * An approval keeps the pairing claimable for at least the claim window, so a code approved in
 * its last second can still be collected by a polling TV.
 * An approval with its tokens (signInApprover.ts) stores them with it and the event carries them,
 * with the id of the listener Redis knows (one whose device code was checked), so the TV's node
 * hands them over without asking Redis again; a claim later hands out the same box.
 */
const decide = `
local decision = ARGV[3]
local state = stateNow()
if not state then return {'unknown', {}} end
if decision ~= STATE.approved and decision ~= STATE.denied then error('decide takes approved or denied') end
if not can(state, decision) then return reply('conflict') end
set('state', decision, 'accountId', ARGV[4], 'decidedAt', now)
if decision == STATE.approved then
  local deadline = now + tonumber(ARGV[5])
  if tonumber(F.expiresAt) < deadline then set('expiresAt', deadline) end
  local box = ARGV[6] or ''
  if box ~= '' then
    set('tokenBox', box)
    notify(decision .. ' ' .. ARGV[1] .. ' ' .. (F.listenerId or '-') .. '\\n' .. box)
    -- The caller has the box it just stored: it does not travel back.
    return replyWithoutBox('ok')
  end
  -- The event carries what the TV's node needs to mint the tokens (see claim, ARGV[10]), so it
  -- can claim in one step instead of reading the pairing first.
  notify(decision .. ' ' .. ARGV[1] .. '\\n' .. ARGV[4] .. '\\n' .. (F.clientId or '') .. '\\n' .. (F.scope or '') .. '\\n' .. (F.deviceName or '') .. '\\n' .. (F.deviceModel or ''))
else
  notify(decision)
end
return reply('ok')
`;

/**
 * The TV collects its result. ARGV[3] = SHA-256 of the device code, ARGV[4] = node id to route
 * events to ('' = keep), ARGV[5] = 'ws' | 'poll', ARGV[6] = the client id that must own the
 * pairing ('' = any; a device code is only ever valid for the client it was issued to),
 * ARGV[7] = the sealed token response ('' = none yet), ARGV[8] = redelivery window (ms),
 * ARGV[9] = the id of the WebSocket listener claiming ('' = keep; see tvGone),
 * ARGV[10] = when the approval the box was minted for was decided, '' = the pairing this call
 * returned before (a box minted from an approval event is stored only if the pairing is still
 * that approval; otherwise the call answers as if it had no box).
 * Polls are paced (RFC 8628 §3.5) while the pairing still waits for a decision: a poll sooner
 * than the interval gets slow_down and adds 5 seconds to the interval for good.
 * An approved pairing is claimed in two steps: without a box the script answers 'approved' (the
 * caller mints the tokens and seals them, in memory only), then the call with the box moves it to
 * claimed and stores the box in the same step. So a node that dies before the claim leaves the
 * pairing approved, and one that dies after it leaves the box: until the TV says `received`
 * (and for at most the window) a TV listening again with the device code gets 'redeliver' and the
 * same box: the same tokens, never a second device session.
 * Outcomes: unknown, slow_down, approved, claimed_now (this call stored its box; the reply leaves it
 * out), claimed_box (this call claimed the box the approval stored), redeliver, or the
 * current state (pending, scanned, denied, expired; claimed = final).
 */
const claim = `
if F.deviceCodeHash ~= ARGV[3] then return {'unknown', {}} end
if ARGV[6] ~= '' and F.clientId ~= ARGV[6] then return {'unknown', {}} end
local state = stateNow()
if ARGV[4] ~= '' and F.listenerNode ~= ARGV[4] then
  -- The node the TV listened on before (or the one that issued the code) is told its listener
  -- moved: it must not answer a later listen there from memory (realtime/freshCodes.ts).
  if F.listenerNode then publishEvent(F.listenerNode, userCode, userCode .. ' moved') end
  set('listenerNode', ARGV[4])
end
if ARGV[9] ~= '' and F.listenerId ~= ARGV[9] then set('listenerId', ARGV[9]) end
-- The TV is back (any node, by socket or by poll) before its grace period ran out: it keeps its code.
if tvGoneUntil and state ~= STATE.expired then del('tvGoneUntil', 'tvGoneAt') end
if ARGV[5] == 'poll' and can(state, STATE.approved) then
  local interval = tonumber(F.interval)
  local lastPoll = tonumber(F.lastPollAt or '0')
  set('lastPollAt', now)
  if lastPoll > 0 and now - lastPoll < interval * 1000 then
    set('interval', interval + 5)
    return reply('slow_down')
  end
end
-- Approved with its tokens (the decide stored them): this claim hands that very box out.
if state == STATE.approved and F.tokenBox ~= nil then
  set('state', STATE.claimed, 'claimedAt', now, 'claimedBy', ARGV[5])
  return reply('claimed_box')
end
if can(state, STATE.claimed) then
  if ARGV[7] == '' then return reply(state) end
  if ARGV[10] ~= '' and tonumber(F.decidedAt) ~= tonumber(ARGV[10]) then return reply(state) end
  set('state', STATE.claimed, 'claimedAt', now, 'claimedBy', ARGV[5], 'tokenBox', ARGV[7])
  -- The caller has the box it just stored: it does not travel back.
  return replyWithoutBox('claimed_now')
end
if state == STATE.claimed and F.receivedAt == nil and F.tokenBox ~= nil then
  if now < tonumber(F.claimedAt) + tonumber(ARGV[8]) then return reply('redeliver') end
  -- The window is over: the sign-in is final and the tokens need not be kept any longer.
  del('tokenBox')
end
return reply(state)
`;

/** The TV confirms it holds the token (ARGV[3] = device code hash); the phone can then say so. */
const received = `
if F.deviceCodeHash ~= ARGV[3] then return 0 end
-- A box pushed straight from the approval event was never claimed: the receipt claims it.
if F.state == STATE.approved and F.tokenBox ~= nil then
  set('state', STATE.claimed, 'claimedAt', now, 'claimedBy', 'ws')
elseif F.state ~= STATE.claimed then
  return 0
end
set('receivedAt', now)
-- Final: the TV holds its tokens, so they are never handed out again.
if F.tokenBox ~= nil then del('tokenBox') end
return 1
`;

/**
 * The TV stopped waiting for its code (went back, reloaded, was switched off), ARGV[3] = device
 * code hash: the code can no longer be approved, and the phone can say why. Returns 1 if it ended.
 */
const leave = `
if F.deviceCodeHash ~= ARGV[3] then return 0 end
local state = stateNow()
if not can(state, STATE.expired) then return 0 end
set('state', STATE.expired, 'expiredAt', now, 'tvLeftAt', now)
-- Whoever listens with the code is told it ended (the node that issued it forgets it: freshCodes.ts).
notify(STATE.expired)
return 1
`;

/**
 * The socket of a TV waiting for its code closed without a goodbye (switched off, unplugged,
 * network gone; a page that closes sends leave instead). ARGV[3] = device code hash, ARGV[4] = the
 * id of the listener whose socket closed, ARGV[5] = grace period (ms). Only while the code waits
 * for a decision, and only if that listener is still the TV's latest (a TV that already listens
 * again, on this node or another, is not gone). If the TV does not claim again within the grace
 * period, stateNow ends the code as if it had left (tvLeftAt = when its socket closed).
 * Returns 1 if the TV is now counted as gone.
 */
const tvGone = `
if F.deviceCodeHash ~= ARGV[3] then return 0 end
local state = stateNow()
if state ~= STATE.pending and state ~= STATE.scanned then return 0 end
if F.listenerId ~= ARGV[4] then return 0 end
set('tvGoneAt', now, 'tvGoneUntil', now + tonumber(ARGV[5]))
return 1
`;

/**
 * A code handed to nobody (the request that created it was over its rate limit: see
 * deviceAuthorization.ts), ARGV[3] = device code hash: the pairing is deleted. Returns 1 if it was.
 */
const discard = `
if F.deviceCodeHash ~= ARGV[3] then return 0 end
redis.call('DEL', key)
return 1
`;

export const PAIRING_SCRIPTS = { create, read, scan, decide, claim, received, leave, discard, tvGone } as const;
export type PairingScriptName = keyof typeof PAIRING_SCRIPTS;

/** The Lua source of each script; `publishEventLua` is eventChannels.ts's luaPublishEvent. */
export function buildPairingScripts(publishEventLua: string): Record<PairingScriptName, string> {
  const head = pairingScriptPrelude(publishEventLua);
  // Each body runs as a function, so whatever it returns, flush() sends its writes afterwards.
  const entries = Object.entries(PAIRING_SCRIPTS).map(([name, body]) => [name, `${head}local function body()\n${body}\nend\nlocal result = body()\nflush()\nreturn result\n`]);
  return Object.fromEntries(entries) as Record<PairingScriptName, string>;
}
