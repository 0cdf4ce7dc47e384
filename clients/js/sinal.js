// sinal.js: the browser client for Sinal. An ES module with no dependencies and no build step.
// The wire protocol it speaks is docs/protocol.md; its API is docs/client-js.md; its types sinal.d.ts.

const CHANNEL = /^[A-Za-z0-9_\-:.@#]{1,255}$/;
const MIN_DELAY = 500;
const MAX_DELAY = 15000;
// Until the server says otherwise (connect reply, SSE `connected`), its --heartbeat default.
const DEFAULT_HEARTBEAT = 25000;
// A connection that received nothing for two heartbeats and this much more is taken for dead: one
// heartbeat may be late behind a busy server or a slow network, two in a row are not.
const SILENCE_MARGIN = 5000;
// A long poll is answered within its wait; this much longer and the request is taken for dead.
const POLL_MARGIN = 10000;
// A WebSocket asked "are you there?" after the page wakes up must answer this fast.
const PROBE_TIMEOUT = 3000;
const TOKEN_EXPIRED = 3004;
const UNAUTHORIZED = 105;

/** An error the server replied with: `code` is one of the protocol's error or disconnect codes. */
export class SinalError extends Error {
  constructor({ code, message, reason }) {
    super(message ?? reason ?? `error ${code}`);
    this.name = 'SinalError';
    this.code = code;
  }
}

export class Sinal {
  constructor({
    url = location.origin, transports = ['websocket', 'sse', 'longpoll'], token, getToken, pollWait = 25,
    pollInterval = 2000, fetch = (...args) => globalThis.fetch(...args), lifecycle = true,
  } = {}) {
    for (const name of transports) {
      if (!TRANSPORTS[name]) throw new Error(`unknown transport '${name}': use websocket, sse, longpoll or poll`);
    }
    if (!transports.length) throw new Error('no transport given');
    if (getToken !== undefined && typeof getToken !== 'function') throw new Error('getToken must be a function returning a token');
    this.url = url.replace(/\/+$/, '');
    this.transports = [...transports];
    this.token = token;
    this.getToken = getToken;
    this.pollWait = pollWait;
    this.pollInterval = pollInterval;
    this.fetch = fetch;
    this.state = 'disconnected';
    this.transport = null;
    this.retryAt = null; // when the next attempt is due (epoch ms), while waiting for it
    this._subs = new Map(); // channel -> Set of handler objects
    this._positions = new Map(); // channel -> {epoch, offset}: the last position seen
    this._listeners = new Set();
    this._active = false; // between connect() and close() (or a terminal disconnect)
    this._current = null; // the transport object in use or being tried
    this._index = 0; // its place in this.transports
    this._attempt = 0; // reconnects since the last successful connection, for the backoff
    this._timer = null; // the pending retry
    this._tokenTimer = null; // the pending renewal of a token before it expires
    this._tokenRequest = null; // a getToken() call under way, shared by whoever needs the token
    this._renewedAfterExpiry = false; // a token refused as expired was renewed once; a second refusal is final
    this._suspended = false; // the page went into the back/forward cache
    this._lifecycle = lifecycle && typeof window !== 'undefined' ? pageLifecycle(this) : null;
  }

  onState(listener) {
    this._listeners.add(listener);
    return () => this._listeners.delete(listener);
  }

  connect() {
    if (this._active) return;
    this._active = true;
    this._attempt = 0;
    this._lifecycle?.install();
    if (this.getToken && this.token) this._scheduleRenewal();
    this._start(0);
  }

  close() {
    this._active = false;
    clearTimeout(this._timer);
    clearTimeout(this._tokenTimer);
    this._lifecycle?.remove();
    this._drop();
    this._setState('disconnected', null);
  }

  /** Tries to connect at once instead of waiting for the next attempt (a "retry now" button). */
  retry() {
    if (!this._active || this._suspended) return;
    if (this._current && this.state !== 'disconnected') return;
    clearTimeout(this._timer);
    this._attempt = 0;
    this._start(0);
  }

  subscribe(channel, handlers = {}) {
    if (!CHANNEL.test(channel)) throw new Error(`invalid channel name '${channel}': allowed are A-Z a-z 0-9 _-:.@# up to 255`);
    let set = this._subs.get(channel);
    const added = !set;
    if (added) this._subs.set(channel, (set = new Set()));
    const entry = { ...handlers }; // a copy, so the same handlers object can be subscribed twice
    set.add(entry);
    // A cursor from elsewhere (a server's answer, another page) says where to resume, when we know nothing newer.
    if (added && handlers.cursor && !this._positions.has(channel)) {
      this._advance(handlers.cursor.split(',').filter(e => e.split('~')[0] === channel).join(','));
    }
    if (added) this._current?.sync();
    return {
      channel,
      unsubscribe: () => {
        if (!set.delete(entry) || set.size || this._subs.get(channel) !== set) return;
        this._subs.delete(channel);
        // A later subscribe starts from the live position rather than replaying what was missed meanwhile.
        this._positions.delete(channel);
        this._current?.sync();
      },
    };
  }

  publish(channel, data, type = 'message') {
    return this._command({ cmd: 'publish', channel, type, data });
  }

  cursor() {
    return this._cursorFor([...this._positions.keys()]);
  }

  /** Who is subscribed to `channel` (namespaces with presence): `{channel, clients: [{client, user}]}`. WebSocket only. */
  presence(channel) {
    return this._command({ cmd: 'presence', channel });
  }

  /** The newest `limit` publications still in history, oldest first: `{channel, epoch, offset, publications}`. WebSocket only. */
  history(channel, limit = 100) {
    return this._command({ cmd: 'history', channel, limit });
  }

  _command(command) {
    if (!this._current?.command) return Promise.reject(new Error(`${command.cmd} needs the websocket transport (now: ${this.transport ?? 'none'})`));
    return this._current.command(command);
  }

  // --- tokens ---

  // The token to send now: the static one, or one from getToken() that is not about to expire. Every
  // transport asks before each connection or request, so a renewed token is used from then on.
  async _token() {
    if (!this.getToken) return this.token;
    if (this.token && !expiresSoon(this.token)) return this.token;
    return this._renewToken();
  }

  _renewToken() {
    this._tokenRequest ??= Promise.resolve()
      .then(() => this.getToken())
      .then(token => {
        if (typeof token !== 'string' || !token) throw new Error('getToken() gave no token');
        this.token = token;
        this._scheduleRenewal();
        return token;
      })
      .finally(() => { this._tokenRequest = null; });
    return this._tokenRequest;
  }

  // Renews the token a margin before its `exp`, and hands the new one to the open connection (a
  // `refresh` command over WebSocket, a new request over SSE and polling), so it never expires in use.
  _scheduleRenewal() {
    clearTimeout(this._tokenTimer);
    const due = renewalTime(this.token);
    if (due === null || !this._active) return;
    this._tokenTimer = setTimeout(() => {
      if (!this._active) return;
      this._renewToken().then(token => this._current?.refresh(token), () => {}); // an error surfaces at expiry
    }, Math.max(0, due - Date.now()));
  }

  // --- called by the transports ---

  _channels() {
    return [...this._subs.keys()];
  }

  _cursorFor(channels) {
    return channels
      .filter(c => this._positions.has(c))
      .map(c => `${c}~${this._positions.get(c).epoch}~${this._positions.get(c).offset}`)
      .join(',');
  }

  // A starting position (subscribe reply, SSE `connected`) only fills a gap: when we sent a cursor, it may
  // already count publications that are about to be recovered, and taking it would drop them as duplicates.
  _seed(channel, epoch, offset) {
    if (this._subs.has(channel) && !this._positions.has(channel)) this._positions.set(channel, { epoch, offset });
  }

  // A position reached after events were delivered (SSE ids, poll cursors): move forward only.
  _advance(cursor) {
    for (const entry of cursor ? cursor.split(',') : []) {
      const [channel, epoch, offset] = entry.split('~');
      const pos = this._positions.get(channel);
      if (!this._subs.has(channel) || !epoch || !(Number(offset) >= 0)) continue;
      if (!pos || pos.epoch !== epoch || pos.offset < Number(offset)) this._positions.set(channel, { epoch, offset: Number(offset) });
    }
  }

  _onEnvelope(env) {
    const handlers = this._subs.get(env.channel);
    if (!handlers) return; // still in flight after an unsubscribe
    const pos = this._positions.get(env.channel);
    if (pos && pos.epoch === env.epoch && env.offset <= pos.offset) return; // seen already, e.g. across a reconnect
    this._positions.set(env.channel, { epoch: env.epoch, offset: env.offset });
    for (const h of handlers) call(h.onMessage, env);
  }

  _onPush(push) {
    const handlers = this._subs.get(push.channel);
    if (!handlers) return;
    if (push.push === 'reset') this._positions.set(push.channel, { epoch: push.epoch, offset: push.offset });
    const name = { reset: 'onReset', join: 'onJoin', leave: 'onLeave' }[push.push];
    if (name) for (const h of handlers) call(h[name], push);
  }

  _onSubscribeError(channel, error) {
    for (const h of this._subs.get(channel) ?? []) call(h.onError, error);
  }

  _onOpen(transport) {
    if (transport !== this._current) return;
    this._attempt = 0;
    this._renewedAfterExpiry = false;
    this._setState('connected', null);
  }

  _onClose(transport, { error = null, reconnect = true } = {}) {
    if (transport !== this._current) return;
    this._current = null;
    if (!this._active) return;
    if (isAuthFailure(error)) {
      // An expired or refused token: with getToken, ask for a new one once and come back at once;
      // a static token, or a fresh token refused again, will not get better by retrying.
      if (this.getToken && !this._renewedAfterExpiry) {
        this._renewedAfterExpiry = true;
        this.token = undefined;
        this._setState('connecting', error, this.transports[0]);
        const resume = () => this._active && !this._current;
        this._renewToken().then(() => resume() && this._start(0), e => resume() && this._retryLater(e));
        return;
      }
      reconnect = false;
    }
    if (!reconnect) {
      this._active = false;
      this._lifecycle?.remove();
      this._setState('disconnected', error);
    } else if (!transport.opened && this._index + 1 < this.transports.length) {
      this._start(this._index + 1, error); // never connected: fall back to the next transport at once
    } else {
      this._retryLater(error, transport.disconnect?.delay || 0); // a draining server spreads its clients' returns
    }
  }

  _retryLater(error, advised = 0) {
    // Full jitter around the exponential delay, so clients dropped together do not come back together.
    const delay = advised || Math.min(MAX_DELAY, MIN_DELAY * 2 ** this._attempt++) * (0.5 + Math.random());
    this._timer = setTimeout(() => this._active && this._start(0), delay);
    this._setState('disconnected', error, null, Date.now() + delay);
  }

  _start(index, error = null) {
    clearTimeout(this._timer);
    this._index = index;
    const name = this.transports[index];
    this._current = new TRANSPORTS[name](this);
    this._setState('connecting', error, name);
    this._current.open();
  }

  // Ends the current transport without it counting as a loss (close, back/forward cache).
  _drop() {
    const current = this._current;
    this._current = null; // before close(), so its report of closing is ignored
    current?.close();
  }

  // The page or the network came back (online, visible again, resumed, restored from the cache): a
  // pending retry happens now, and an open connection proves it is alive or is replaced.
  _wake({ restart = false } = {}) {
    if (!this._active) return;
    this._suspended = false;
    if (!this._current || this.state === 'disconnected') return this.retry();
    if (restart) {
      this._drop();
      this._start(0);
    } else {
      this._current.probe();
    }
  }

  _suspend() {
    if (!this._active) return;
    this._suspended = true;
    clearTimeout(this._timer);
    this._drop();
    this._setState('disconnected', null);
  }

  _setState(state, error, transport = state === 'disconnected' ? null : this.transport, retryAt = null) {
    const online = typeof navigator === 'undefined' ? true : navigator.onLine !== false;
    if (state === this.state && transport === this.transport && !error && retryAt === this.retryAt && online === this._online) return;
    this.state = state;
    this.transport = transport;
    this.retryAt = retryAt;
    this._online = online;
    const event = { state, transport, error, retryAt, online };
    for (const listener of [...this._listeners]) call(listener, event);
  }
}

// The page's lifecycle: what wakes the client up at once instead of waiting out a backoff or a silence
// timeout, and the back/forward cache, which a page with open connections would not be allowed into.
function pageLifecycle(client) {
  const on = {
    online: () => client._wake(),
    offline: () => client._setState(client.state, null, client.transport, client.retryAt),
    visibilitychange: () => document.visibilityState === 'visible' && client._wake(),
    resume: () => client._wake(),
    pageshow: e => e.persisted && client._wake({ restart: true }),
    pagehide: e => e.persisted && client._suspend(),
  };
  const target = name => (name === 'visibilitychange' || name === 'resume' ? document : window);
  return {
    install() { for (const [name, fn] of Object.entries(on)) target(name).addEventListener(name, fn); },
    remove() { for (const [name, fn] of Object.entries(on)) target(name).removeEventListener(name, fn); },
  };
}

// A handler that throws must not break delivery to the others: report it asynchronously instead.
function call(fn, arg) {
  try {
    fn?.(arg);
  } catch (e) {
    setTimeout(() => { throw e; });
  }
}

function isAuthFailure(error) {
  return error?.code === UNAUTHORIZED || error?.code === TOKEN_EXPIRED;
}

// The `exp` claim of a JWT in epoch milliseconds, or null. The token is only read, never verified: the
// server does that; this only says when to ask for the next one.
function tokenClaims(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(part.padEnd(part.length + ((4 - (part.length % 4)) % 4), '=')));
  } catch {
    return null;
  }
}

// When to renew: a fifth of the token's lifetime before it ends, at least 1 s and at most 30 s before.
function renewalTime(token) {
  const claims = tokenClaims(token);
  if (!claims || typeof claims.exp !== 'number') return null;
  const exp = claims.exp * 1000;
  const lifetime = typeof claims.iat === 'number' ? exp - claims.iat * 1000 : 150000;
  return exp - Math.min(30000, Math.max(1000, lifetime / 5));
}

function expiresSoon(token) {
  const due = renewalTime(token);
  return due !== null && due <= Date.now();
}

function headers(token, extra = {}) {
  return token ? { ...extra, Authorization: `Bearer ${token}` } : extra;
}

function streamUrl(client, path, channels, extra = {}) {
  const query = new URLSearchParams(channels.map(c => ['channel', c]));
  const cursor = client._cursorFor(channels);
  if (cursor) query.set('cursor', cursor);
  for (const [k, v] of Object.entries(extra)) query.set(k, v);
  return `${client.url}${path}?${query}`;
}

async function httpError(res) {
  const body = await res.json().catch(() => null);
  return body?.error ? new SinalError(body.error) : new Error(`HTTP ${res.status} ${res.statusText}`.trim());
}

// Calls `onSilence` once nothing was heard for `bound()` ms; `heard()` on everything received. It
// checks every second against the clock rather than arming a timer per message: cheap on busy streams,
// and right even when a background tab runs the check late (it is never early).
function watchdog(bound, onSilence) {
  let last = Date.now();
  const check = () => {
    if (Date.now() - last >= bound()) onSilence(Date.now() - last);
  };
  const timer = setInterval(check, 1000);
  return {
    heard() { last = Date.now(); },
    check,
    stop() { clearInterval(timer); },
  };
}

function silent(ms) {
  return new Error(`connection silent for ${Math.round(ms / 1000)} s`);
}

// Transports: each turns the wire into calls on the client, and reports open()/close() through
// client._onOpen(this) and client._onClose(this, {error, reconnect}), the latter exactly once.
// `opened` says whether it ever connected, which decides between falling back and reconnecting.
// `refresh(token)` takes a renewed token; `probe()` checks, after the page woke up, that it is alive.

class WebSocketTransport {
  constructor(client) {
    this.client = client;
    this.opened = false;
    this.closed = false;
    this.started = false; // subscribes wait for the connect reply
    this.channels = new Set(); // channels subscribed on this socket
    this.pending = new Map(); // command id -> {resolve, reject}
    this.lastId = 0;
    this.disconnect = null; // the disconnect push, when the server said why it closes
    this.heartbeat = DEFAULT_HEARTBEAT;
    this.watch = null;
  }

  open() {
    const ws = (this.ws = new WebSocket(`${this.client.url.replace(/^http/, 'ws')}/ws`));
    this.watch = watchdog(() => 2 * this.heartbeat + SILENCE_MARGIN, ms => this._finish({ error: silent(ms) }));
    ws.onopen = () => this._start();
    ws.onmessage = ev => {
      this.watch.heard();
      // One frame may hold several objects, one per line.
      for (const line of String(ev.data).split('\n')) if (line) this._receive(JSON.parse(line));
    };
    ws.onclose = ev => {
      const d = this.disconnect;
      if (d) return this._finish({ error: new SinalError(d), reconnect: d.reconnect !== false });
      const error = new Error(`websocket closed (${ev.code}${ev.reason ? ` ${ev.reason}` : ''})`);
      if (ev.code === TOKEN_EXPIRED) error.code = TOKEN_EXPIRED;
      this._finish({ error, reconnect: !(ev.code >= 3500 && ev.code < 4000) }); // 3500-3999: terminal codes
    };
  }

  async _start() {
    try {
      const token = await this.client._token();
      // Always sent: its reply names the server's heartbeat, which bounds how long silence may last.
      const reply = await this._command({ cmd: 'connect', ...(token && { token }) });
      if (reply?.heartbeat > 0) this.heartbeat = reply.heartbeat;
      this.started = true;
      await this.sync();
      this.opened = true;
      this.client._onOpen(this);
    } catch (error) {
      this._finish({ error });
    }
  }

  sync() {
    if (!this.started || this.closed) return Promise.resolve();
    const wanted = new Set(this.client._channels());
    for (const channel of this.channels) {
      if (wanted.has(channel)) continue;
      this.channels.delete(channel);
      this._command({ cmd: 'unsubscribe', channel }).catch(() => {});
    }
    const replies = [];
    for (const channel of wanted) {
      if (this.channels.has(channel)) continue;
      this.channels.add(channel);
      const cursor = this.client._cursorFor([channel]);
      replies.push(
        this._command({ cmd: 'subscribe', channel, ...(cursor && { cursor }) }).then(
          r => this.client._seed(r.channel, r.epoch, r.offset),
          error => {
            if (this.closed) return;
            this.channels.delete(channel);
            this.client._onSubscribeError(channel, error);
          },
        ),
      );
    }
    return Promise.all(replies);
  }

  command(command) {
    if (!this.started) return Promise.reject(new Error('not connected yet'));
    return this._command(command);
  }

  // The renewed token goes over the open socket: no reconnect, nothing missed.
  refresh(token) {
    if (!this.started || this.closed) return;
    this._command({ cmd: 'refresh', token }).catch(error => error instanceof SinalError && this._finish({ error }));
  }

  probe() {
    if (!this.started || this.closed) return this.watch.check();
    const timer = setTimeout(() => this._finish({ error: silent(PROBE_TIMEOUT) }), PROBE_TIMEOUT);
    this._command({ cmd: 'ping' }).then(() => clearTimeout(timer), () => clearTimeout(timer));
  }

  close() {
    this._finish({ reconnect: false });
  }

  _command(command) {
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(new Error('connection closed'));
      const id = ++this.lastId;
      this.pending.set(id, { resolve, reject });
      this.ws.send(JSON.stringify({ id, ...command }));
    });
  }

  _receive(msg) {
    if ('id' in msg) {
      const waiter = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      if (msg.error) waiter?.reject(new SinalError(msg.error));
      else waiter?.resolve(msg.result);
    } else if (msg.push === 'disconnect') {
      this.disconnect = msg; // the close that follows acts on it
    } else if (msg.push === 'ping') {
      // the server's heartbeat: hearing it was the point
    } else if (msg.push) {
      this.client._onPush(msg);
    } else {
      this.client._onEnvelope(msg);
    }
  }

  _finish(info) {
    if (this.closed) return;
    this.closed = true;
    this.watch?.stop();
    this.ws.onopen = this.ws.onmessage = this.ws.onclose = null;
    this.ws.close();
    for (const { reject } of this.pending.values()) reject(new Error('connection closed'));
    this.pending.clear();
    this.client._onClose(this, info);
  }
}

// What the two fetch()-based transports share: one request at a time, aborted on close.
class FetchTransport {
  constructor(client) {
    this.client = client;
    this.opened = false;
    this.closed = false;
    this.abort = null; // the AbortController of the current request
  }

  open() {
    this.sync();
  }

  // A renewed token is sent with a new request: restarting resumes from the cursor, nothing is lost.
  refresh() {
    this.sync();
  }

  // After a sleep or a network change, the request in flight may be dead without the browser knowing:
  // a new one with the cursor costs one request and loses nothing.
  probe() {
    this.sync();
  }

  _opened() {
    if (this.opened) return;
    this.opened = true;
    this.client._onOpen(this);
  }

  close() {
    this._finish({ reconnect: false });
  }

  _finish(info) {
    if (this.closed) return;
    this.closed = true;
    this.abort?.abort();
    this.client._onClose(this, info);
  }
}

// Server-Sent Events read with fetch(): EventSource only delivers event names it was told in advance,
// and cannot send headers. Changing subscriptions restarts the stream with the current cursor.
class SseTransport extends FetchTransport {
  constructor(client) {
    super(client);
    this.disconnect = null;
    this.heartbeat = DEFAULT_HEARTBEAT;
  }

  sync() {
    if (this.closed) return;
    this.abort?.abort();
    this.abort = null;
    const channels = this.client._channels();
    if (!channels.length) return this._opened(); // nothing to stream until something is subscribed
    const abort = (this.abort = new AbortController());
    this._stream(channels, abort).catch(error => abort === this.abort && this._finish({ error }));
  }

  async _stream(channels, abort) {
    const token = await this.client._token();
    if (abort !== this.abort) return;
    // Comment lines (`: ping`) count: they are the server's heartbeat.
    const watch = watchdog(() => 2 * this.heartbeat + SILENCE_MARGIN, ms => abort === this.abort && this._finish({ error: silent(ms) }));
    try {
      const res = await this.client.fetch(streamUrl(this.client, '/sse', channels), {
        headers: headers(token, { Accept: 'text/event-stream' }),
        cache: 'no-store',
        signal: abort.signal,
      });
      if (!res.ok) throw await httpError(res);
      const parse = sseParser(ev => this._event(ev));
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (abort !== this.abort) return;
        if (done) break;
        watch.heard();
        parse(value);
      }
    } finally {
      watch.stop();
    }
    const d = this.disconnect;
    this._finish({ error: d ? new SinalError(d) : new Error('event stream ended'), reconnect: d?.reconnect !== false });
  }

  _event({ event, data, id }) {
    const msg = JSON.parse(data);
    if (event === 'connected') {
      if (msg.heartbeat > 0) this.heartbeat = msg.heartbeat;
      for (const { channel, epoch, offset } of msg.channels ?? []) this.client._seed(channel, epoch, offset);
      this._opened();
      return; // its id is the starting position: seeded above, not advanced to
    }
    if (event === 'disconnect') this.disconnect = msg;
    else if (event === 'reset' || event === 'join' || event === 'leave') this.client._onPush({ ...msg, push: event });
    else if (event !== 'error') this.client._onEnvelope(msg);
    if (id !== undefined) this.client._advance(id);
  }
}

// The small part of the EventSource parsing rules we need: fields per line, events end at a blank line.
// Returns a function to feed text chunks to; onEvent gets {event, data, id} with id only when the event set one.
function sseParser(onEvent) {
  let buffer = '';
  let event = { data: [] };
  return chunk => {
    buffer += chunk;
    // A chunk ending in \r may be half of a \r\n: keep it for the next one.
    const end = buffer.endsWith('\r') ? buffer.length - 1 : buffer.length;
    const lines = buffer.slice(0, end).split(/\r\n|\r|\n/);
    buffer = lines.pop() + buffer.slice(end);
    for (const line of lines) {
      if (line === '') {
        if (event.data.length) onEvent({ event: event.event || 'message', data: event.data.join('\n'), id: event.id });
        event = { data: [] };
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'data') event.data.push(value);
      else if (field === 'event') event.event = value;
      else if (field === 'id') event.id = value;
    }
  };
}

// Long polling: each request carries the cursor of the previous answer, so the server keeps no state.
// Plain polling is the same loop asking with wait=0 every pollInterval.
class PollTransport extends FetchTransport {
  constructor(client, plain = false) {
    super(client);
    this.plain = plain;
  }

  sync() {
    if (this.closed) return;
    this.abort?.abort();
    const abort = (this.abort = new AbortController());
    this._loop(abort).catch(error => abort === this.abort && this._finish({ error }));
  }

  async _loop(abort) {
    const channels = this.client._channels();
    if (!channels.length) return this._opened();
    // A channel without a position first gets one with an immediate answer: only publications after that
    // position are ours, so asking quickly keeps the window in which we would miss some short.
    let wait = !this.plain && channels.every(c => this.client._positions.has(c)) ? this.client.pollWait : 0;
    while (abort === this.abort) {
      const token = await this.client._token();
      if (abort !== this.abort) return;
      // A request longer than the server's longest wait means a dead connection.
      const timer = setTimeout(() => abort.abort(silent(wait * 1000 + POLL_MARGIN)), wait * 1000 + POLL_MARGIN);
      let body;
      try {
        const res = await this.client.fetch(streamUrl(this.client, '/poll', channels, { wait }), {
          headers: headers(token),
          cache: 'no-store',
          signal: abort.signal,
        });
        if (!res.ok) throw await httpError(res);
        body = await res.json();
      } finally {
        clearTimeout(timer);
      }
      if (abort !== this.abort) return;
      this._opened();
      for (const reset of body.resets ?? []) this.client._onPush({ ...reset, push: 'reset' });
      for (const env of body.messages ?? []) this.client._onEnvelope(env);
      this.client._advance(body.cursor);
      if (this.plain) await pause(this.client.pollInterval, abort.signal);
      else wait = this.client.pollWait;
    }
  }
}

function pause(ms, signal) {
  return new Promise(resolve => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}

const TRANSPORTS = {
  websocket: WebSocketTransport,
  sse: SseTransport,
  longpoll: PollTransport,
  poll: class extends PollTransport { constructor(client) { super(client, true); } },
};
