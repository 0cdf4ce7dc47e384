// The chat page (docs/apps/chat.md). Everything people write is set with textContent, never as HTML.
import { Sinal } from '/sinal.js';

const $ = id => document.getElementById(id);
const ROOM = /^[a-z0-9][a-z0-9_-]{0,39}$/;
const TRANSPORTS = ['websocket', 'sse', 'longpoll'];
const SESSIONS = 'sinal-chat-sessions'; // localStorage: name -> the server's answer to POST /chat/session
const LAST_NAME = 'sinal-chat-last-name'; // localStorage: prefills the name field
const TAB_NAME = 'sinal-chat-name'; // sessionStorage: the name this tab chats as
const PAGE = 50;
const TYPING_EVERY = 2000; // ms between two typing events while typing
const TYPING_SHOWN = 5000; // ms "X is typing…" stays without a new event
const POLLING_EVERY = 10000; // ms between presence lease renewals and online list reads when long polling

const params = new URLSearchParams(location.search);
const forced = params.get('transport');
const roomPath = location.pathname.replace(/^\/chat\/?/, '');
const room = roomPath ? decodeURIComponent(roomPath) : null;

// ---- names and tokens ----

function knownSessions() {
  try {
    return JSON.parse(localStorage.getItem(SESSIONS)) ?? {};
  } catch {
    return {};
  }
}

function forget(name) {
  const all = knownSessions();
  delete all[name];
  localStorage.setItem(SESSIONS, JSON.stringify(all));
}

// The same name in two tabs of one browser reuses one token, so it is one user, counted once.
async function sessionFor(name) {
  const known = knownSessions()[name];
  if (known && known.expires_at > Date.now() + 60_000) return known;
  const res = await fetch('/chat/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
  const all = knownSessions();
  all[body.name] = body;
  localStorage.setItem(SESSIONS, JSON.stringify(all));
  return body;
}

// Entering a room: the server keeps a name to one person per room (409 when someone else has it there).
async function claimName(session) {
  const res = await fetch(`/chat/rooms/${room}/name`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${session.token}` },
    cache: 'no-store',
  });
  if (res.ok) return session;
  const body = await res.json().catch(() => null);
  if (body?.error?.code === 105) {
    forget(session.name);
    throw new Error('Your name expired on this server; enter it again.');
  }
  throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
}

function showJoin(error = '') {
  $('join').hidden = false;
  $('chat').hidden = true;
  $('room-field').hidden = room !== null && ROOM.test(room);
  if (room !== null) $('room').value = room;
  $('name').value = sessionStorage.getItem(TAB_NAME) ?? localStorage.getItem(LAST_NAME) ?? '';
  $('join-error').textContent = error;
  $('name').focus();
}

$('join').addEventListener('submit', async e => {
  e.preventDefault();
  const target = room !== null && ROOM.test(room) ? room : $('room').value.trim();
  if (!ROOM.test(target)) {
    $('join-error').textContent = 'Room names are 1 to 40 of a-z 0-9 _ -, starting with a letter or digit.';
    return;
  }
  $('enter').disabled = true;
  try {
    const session = await sessionFor($('name').value.trim());
    sessionStorage.setItem(TAB_NAME, session.name);
    localStorage.setItem(LAST_NAME, session.name);
    if (target === room) {
      enter(await claimName(session));
    } else {
      location.href = `/chat/${target}${location.search}`;
    }
  } catch (err) {
    $('join-error').textContent = err.message;
  } finally {
    $('enter').disabled = false;
  }
});

$('change-name').addEventListener('click', () => {
  sessionStorage.removeItem(TAB_NAME);
  location.reload();
});

// ---- the room ----

function enter(session) {
  const channel = `chat:${room}`;
  const typingChannel = `chat-typing:${room}`;
  const byId = new Map(); // message id -> its <li>, which stay sorted by id
  const clients = new Map(); // presence client id -> user id
  const typers = new Map(); // user id -> {name, timer}
  let presenceEvents = null; // join/leave arriving while the online list is read, replayed after it
  let more = true;
  let loading = false;
  let loaded = false;
  let lease = null;
  let polling = null;
  let lastTyping = 0;

  document.title = `${room} — Chat — Sinal`;
  $('room-title').textContent = room;
  $('me').textContent = `You are ${session.name}`;
  $('me').title = session.user;
  $('change-name').hidden = false;
  $('join').hidden = true;
  $('chat').hidden = false;

  async function api(method, path, body) {
    const res = await fetch(path, {
      method,
      headers: { Authorization: `Bearer ${session.token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
    if (res.status === 204) return null;
    const json = await res.json().catch(() => null);
    if (!res.ok) {
      const error = new Error(json?.error?.message ?? `HTTP ${res.status}`);
      error.code = json?.error?.code;
      if (error.code === 105) expired();
      throw error;
    }
    return json;
  }

  // The token is no longer good (expired, or the server's secret changed): ask for the name again.
  function expired() {
    sinal.close();
    forget(session.name);
    showJoin('Your name expired on this server; enter it again.');
  }

  // ---- messages ----

  function addMessage(m) {
    if (!m || typeof m.id !== 'number' || byId.has(m.id)) return false;
    const li = document.createElement('li');
    li.className = m.user === session.user ? 'message mine' : 'message';
    li.dataset.id = String(m.id);
    const author = document.createElement('span');
    author.className = 'author';
    author.textContent = m.name;
    author.title = m.user;
    const time = document.createElement('time');
    time.dateTime = new Date(m.ts).toISOString();
    time.textContent = new Date(m.ts).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    const text = document.createElement('div');
    text.className = 'text';
    text.textContent = m.text;
    li.append(author, time, text);
    // Ids give the store's order; live messages may arrive a little out of it.
    let next = null;
    for (let el = $('messages').lastElementChild; el && Number(el.dataset.id) > m.id; el = el.previousElementSibling) next = el;
    $('messages').insertBefore(li, next);
    byId.set(m.id, li);
    stopTyping(m.user);
    return true;
  }

  function nearBottom() {
    const s = $('scroller');
    return s.scrollHeight - s.scrollTop - s.clientHeight < 60;
  }

  function live(m) {
    const follow = nearBottom() || m?.user === session.user;
    if (!addMessage(m)) return;
    if (byId.size === 1 && loaded) historyState(); // the first message of an empty room
    if (follow) $('scroller').scrollTop = $('scroller').scrollHeight;
  }

  // What the top of the list says; null: the usual note for where the history stands.
  function historyState(text = null) {
    $('history-state').textContent = text ?? (more ? '' : byId.size ? 'This is the start of the room.' : 'No messages yet: say hello.');
    $('older').hidden = !more || loading || !loaded;
  }

  async function loadPage(before) {
    const query = new URLSearchParams({ limit: PAGE });
    if (before) query.set('before', before);
    return api('GET', `/chat/rooms/${room}/messages?${query}`);
  }

  async function loadLatest() {
    loading = true;
    historyState('Loading messages…');
    try {
      const page = await loadPage(null);
      page.messages.forEach(addMessage);
      more = page.more;
      loaded = true;
      $('scroller').scrollTop = $('scroller').scrollHeight;
      loading = false;
      historyState();
    } catch (err) {
      loading = false;
      historyState(`Could not load messages: ${err.message}`);
    }
  }

  async function loadOlder() {
    if (loading || !more || !loaded) return;
    loading = true;
    historyState('Loading older messages…');
    try {
      const page = await loadPage(Math.min(...byId.keys()));
      const s = $('scroller');
      const height = s.scrollHeight;
      page.messages.forEach(addMessage);
      s.scrollTop += s.scrollHeight - height; // keep what was on screen in place
      more = page.more;
      loading = false;
      historyState();
    } catch (err) {
      loading = false;
      historyState(`Could not load older messages: ${err.message}`);
    }
  }

  $('scroller').addEventListener('scroll', () => {
    if ($('scroller').scrollTop < 80) loadOlder();
  });
  $('older').addEventListener('click', loadOlder);

  // Missed messages are gone from the live history: start again from the store.
  function reload() {
    byId.clear();
    $('messages').replaceChildren();
    more = true;
    loadLatest();
  }

  // ---- who is online ----

  function renderOnline() {
    const users = new Map();
    for (const user of clients.values()) users.set(user, user.slice(0, user.lastIndexOf('#') > 0 ? user.lastIndexOf('#') : user.length));
    const sorted = [...users].sort((a, b) => a[1].localeCompare(b[1]) || a[0].localeCompare(b[0]));
    $('online').replaceChildren(...sorted.map(([user, name]) => {
      const li = document.createElement('li');
      li.textContent = user === session.user ? `${name} (you)` : name;
      li.title = user;
      li.dataset.user = user;
      return li;
    }));
    $('online-count').textContent = `(${sorted.length})`;
  }

  function presenceEvent(push) {
    if (!push.user) return; // anonymous viewers are not listed
    if (presenceEvents) presenceEvents.push(push);
    applyPresence(push);
  }

  function applyPresence(push) {
    if (push.push === 'join') clients.set(push.client, push.user);
    else clients.delete(push.client);
    if (push.push === 'leave' && ![...clients.values()].includes(push.user)) stopTyping(push.user);
    renderOnline();
  }

  async function refreshOnline() {
    const events = (presenceEvents = []);
    try {
      const list = await api('GET', `/chat/rooms/${room}/presence`);
      if (presenceEvents !== events) return; // a newer read is under way
      clients.clear();
      for (const u of list.users) for (const c of u.clients) clients.set(c, u.user);
      events.forEach(applyPresence); // what happened while the list was read
      renderOnline();
    } catch (err) {
      console.warn('reading who is online failed:', err.message);
    } finally {
      if (presenceEvents === events) presenceEvents = null;
    }
  }

  // A long poll is not a lasting connection, so it is not present by itself: hold a lease instead, and
  // read the list, as join/leave pushes only reach WebSocket and SSE.
  async function renewLease() {
    try {
      lease = (await api('POST', `/chat/rooms/${room}/presence`, lease ? { client: lease } : {})).client;
    } catch (err) {
      console.warn('presence lease failed:', err.message);
    }
  }

  function startPolling() {
    if (polling) return;
    polling = setInterval(() => renewLease().then(refreshOnline), POLLING_EVERY);
    renewLease().then(refreshOnline);
  }

  function stopPolling() {
    clearInterval(polling);
    polling = null;
    if (lease) api('DELETE', `/chat/rooms/${room}/presence/${lease}`).catch(() => {});
    lease = null;
  }

  addEventListener('pagehide', () => {
    if (lease) {
      fetch(`/chat/rooms/${room}/presence/${lease}`, {
        method: 'DELETE', keepalive: true, headers: { Authorization: `Bearer ${session.token}` },
      });
    }
  });

  // ---- typing ----

  function renderTyping() {
    const names = [...typers.values()].map(t => t.name);
    $('typing').textContent =
      names.length === 0 ? '' :
      names.length === 1 ? `${names[0]} is typing…` :
      names.length === 2 ? `${names[0]} and ${names[1]} are typing…` :
      `${names.length} people are typing…`;
  }

  function typing(data) {
    if (!data?.user || data.user === session.user) return;
    clearTimeout(typers.get(data.user)?.timer);
    const timer = setTimeout(() => stopTyping(data.user), TYPING_SHOWN);
    typers.set(data.user, { name: data.name, timer });
    renderTyping();
  }

  function stopTyping(user) {
    const t = typers.get(user);
    if (!t) return;
    clearTimeout(t.timer);
    typers.delete(user);
    renderTyping();
  }

  function overWebSocket() {
    return sinal.transport === 'websocket' && sinal.state === 'connected';
  }

  $('text').addEventListener('input', () => {
    updateCounter();
    const now = Date.now();
    if (!$('text').value.trim() || now - lastTyping < TYPING_EVERY) return;
    lastTyping = now;
    const sent = overWebSocket()
      ? sinal.publish(typingChannel, {}, 'typing')
      : api('POST', `/chat/rooms/${room}/typing`);
    sent.catch(() => {}); // typing is best effort
  });

  // ---- sending ----

  function status(state, text, code) {
    $('composer-status').dataset.state = state;
    $('composer-status').dataset.code = code ?? '';
    $('composer-status').textContent = text;
  }

  function updateCounter() {
    const length = [...$('text').value.trim()].length;
    const max = session.max_length;
    if (max && length > max * 0.8) status(length > max ? 'error' : '', `${length} / ${max} characters`);
    else if ($('composer-status').textContent.includes('characters')) status('', '');
  }

  $('text').addEventListener('keydown', e => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      $('composer').requestSubmit();
    }
  });

  // One id per message until it is sent: sending the same text again after a failure (a lost answer)
  // reuses it, so the server stores the message once.
  let pending = null; // { text, clientId }
  const newClientId = () => Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 12);

  $('composer').addEventListener('submit', async e => {
    e.preventDefault();
    const text = $('text').value;
    if (!text.trim()) {
      status('error', 'Write something first.');
      return;
    }
    if (pending?.text !== text) pending = { text, clientId: newClientId() };
    const message = { text, clientId: pending.clientId };
    $('send').disabled = true;
    status('pending', 'Sending…');
    try {
      // Over WebSocket the message comes back on the subscription; over HTTP the answer holds it.
      if (overWebSocket()) await sinal.publish(channel, message);
      else live((await api('POST', `/chat/rooms/${room}/messages`, message)).message);
      pending = null;
      $('text').value = '';
      lastTyping = 0;
      status('ok', 'Sent ✓');
    } catch (err) {
      status('error', `Not sent: ${err.message}`, err.code);
    } finally {
      $('send').disabled = false;
      $('text').focus();
    }
  });

  // ---- the connection ----

  const sinal = new Sinal({ token: session.token, transports: TRANSPORTS.includes(forced) ? [forced] : TRANSPORTS });
  sinal.onState(({ state, transport, error }) => {
    $('connection').dataset.state = state;
    $('connection').dataset.transport = transport ?? '';
    $('connection').textContent =
      state === 'connected' ? `live via ${transport}` :
      state === 'connecting' ? `connecting via ${transport}…` :
      `offline${error ? `: ${error.message}` : ''}; retrying`;
    if (error?.code === 105) return expired();
    if (state !== 'connected') return;
    if (!loaded) loadLatest();
    if (transport === 'websocket' || transport === 'sse') {
      stopPolling();
      refreshOnline();
    } else {
      startPolling();
    }
  });
  sinal.subscribe(channel, {
    onMessage: e => live(e.data),
    onJoin: presenceEvent,
    onLeave: presenceEvent,
    onReset: reload,
    onError: err => status('error', `The room refused this connection: ${err.message}`, err.code),
  });
  sinal.subscribe(typingChannel, { onMessage: e => typing(e.data) });
  sinal.connect();
  $('text').focus();
}

// ---- start ----

if (room !== null && !ROOM.test(room)) {
  showJoin(`"${room}" is not a room name: use 1 to 40 of a-z 0-9 _ -, starting with a letter or digit.`);
} else if (room !== null && sessionStorage.getItem(TAB_NAME)) {
  sessionFor(sessionStorage.getItem(TAB_NAME)).then(claimName).then(enter, err => showJoin(err.message));
} else {
  showJoin();
}
