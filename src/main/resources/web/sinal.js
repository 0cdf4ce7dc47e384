// sinal.js: the browser client for Sinal. An ES module with no dependencies and no build step.
// The wire protocol it speaks is docs/protocol.md; its API is docs/client-js.md.

const CHANNEL = /^[A-Za-z0-9_\-:.@#]{1,255}$/;
const MIN_DELAY = 500;
const MAX_DELAY = 15000;

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
    url = location.origin, transports = ['websocket', 'sse', 'longpoll'], token, pollWait = 25, pollInterval = 2000,
    fetch = (...args) => globalThis.fetch(...args),
  } = {}) {
    for (const name of transports) {
      if (!TRANSPORTS[name]) throw new Error(`unknown transport '${name}': use websocket, sse, longpoll or poll`);
    }
    if (!transports.length) throw new Error('no transport given');
    this.url = url.replace(/\/+$/, '');
    this.transports = [...transports];
    this.token = token;
    this.pollWait = pollWait;
    this.pollInterval = pollInterval;
    this.fetch = fetch;
    this.state = 'disconnected';
    this.transport = null;
    this._subs = new Map(); // channel -> Set of handler objects
    this._positions = new Map(); // channel -> {epoch, offset}: the last position seen
    this._listeners = new Set();
    this._active = false; // between connect() and close() (or a terminal disconnect)
    this._current = null; // the transport object in use or being tried
    this._index = 0; // its place in this.transports
    this._attempt = 0; // reconnects since the last successful connection, for the backoff
    this._timer = null;
  }

  onState(listener) {
    this._listeners.add(listener);
    return () => this._listeners.delete(listener);
  }

  connect() {
    if (this._active) return;
    this._active = true;
    this._attempt = 0;
    this._start(0);
  }

  close() {
    this._active = false;
    clearTimeout(this._timer);
    const current = this._current;
    this._current = null; // before close(), so its report of closing is ignored
    current?.close();
    this._setState('disconnected', null);
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
    this._setState('connected', null);
  }

  _onClose(transport, { error = null, reconnect = true } = {}) {
    if (transport !== this._current) return;
    this._current = null;
    const advised = transport.disconnect?.delay || 0; // a draining server spreads its clients' returns
    if (!reconnect) {
      this._active = false;
      this._setState('disconnected', error);
    } else if (!transport.opened && this._index + 1 < this.transports.length) {
      this._start(this._index + 1, error); // never connected: fall back to the next transport at once
    } else {
      this._setState('disconnected', error);
      // Full jitter around the exponential delay, so clients dropped together do not come back together.
      const delay = advised || Math.min(MAX_DELAY, MIN_DELAY * 2 ** this._attempt++) * (0.5 + Math.random());
      this._timer = setTimeout(() => this._active && this._start(0), delay);
    }
  }

  _start(index, error = null) {
    this._index = index;
    const name = this.transports[index];
    this._current = new TRANSPORTS[name](this);
    this._setState('connecting', error, name);
    this._current.open();
  }

  _setState(state, error, transport = state === 'disconnected' ? null : this.transport) {
    if (state === this.state && transport === this.transport && !error) return;
    this.state = state;
    this.transport = transport;
    for (const listener of [...this._listeners]) call(listener, { state, transport, error });
  }
}

// A handler that throws must not break delivery to the others: report it asynchronously instead.
function call(fn, arg) {
  try {
    fn?.(arg);
  } catch (e) {
    setTimeout(() => { throw e; });
  }
}

function headers(client, extra = {}) {
  return client.token ? { ...extra, Authorization: `Bearer ${client.token}` } : extra;
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

// Transports: each turns the wire into calls on the client, and reports open()/close() through
// client._onOpen(this) and client._onClose(this, {error, reconnect}), the latter exactly once.
// `opened` says whether it ever connected, which decides between falling back and reconnecting.

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
  }

  open() {
    const ws = (this.ws = new WebSocket(`${this.client.url.replace(/^http/, 'ws')}/ws`));
    ws.onopen = () => this._start();
    ws.onmessage = ev => {
      // One frame may hold several objects, one per line.
      for (const line of String(ev.data).split('\n')) if (line) this._receive(JSON.parse(line));
    };
    ws.onclose = ev => {
      const d = this.disconnect;
      if (d) return this._finish({ error: new SinalError(d), reconnect: d.reconnect !== false });
      const error = new Error(`websocket closed (${ev.code}${ev.reason ? ` ${ev.reason}` : ''})`);
      this._finish({ error, reconnect: !(ev.code >= 3500 && ev.code < 4000) }); // 3500-3999: terminal codes
    };
  }

  async _start() {
    try {
      if (this.client.token) await this._command({ cmd: 'connect', token: this.client.token });
      this.started = true;
      await this.sync();
      this.opened = true;
      this.client._onOpen(this);
    } catch (error) {
      this._finish({ error, reconnect: error.code !== 105 });
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
    } else if (msg.push) {
      this.client._onPush(msg);
    } else {
      this.client._onEnvelope(msg);
    }
  }

  _finish(info) {
    if (this.closed) return;
    this.closed = true;
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
    const res = await this.client.fetch(streamUrl(this.client, '/sse', channels), {
      headers: headers(this.client, { Accept: 'text/event-stream' }),
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
      parse(value);
    }
    const d = this.disconnect;
    this._finish({ error: d ? new SinalError(d) : new Error('event stream ended'), reconnect: d?.reconnect !== false });
  }

  _event({ event, data, id }) {
    const msg = JSON.parse(data);
    if (event === 'connected') {
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
      // A request longer than the server's longest wait means a dead connection.
      const timer = setTimeout(() => abort.abort(new Error('poll timed out')), (wait + 15) * 1000);
      let body;
      try {
        const res = await this.client.fetch(streamUrl(this.client, '/poll', channels, { wait }), {
          headers: headers(this.client),
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
