// The transport lab: one sinal.js client per transport on one channel, each metered separately.
import { Sinal } from '/sinal.js';

const params = new URLSearchParams(location.search);
const channel = params.get('channel') || 'demo:lab';
const KINDS = [
  { transport: 'poll', title: 'Polling', how: 'GET /poll?wait=0 every 2 s: one request per interval, message or not.' },
  { transport: 'longpoll', title: 'Long polling', how: 'GET /poll?wait=25 answered when a message comes: one request per answer.' },
  { transport: 'sse', title: 'Server-Sent Events', how: 'One GET /sse kept open; each message is an event on the stream.' },
  { transport: 'websocket', title: 'WebSocket', how: 'One upgrade, then frames both ways; this one also publishes.' },
];
const SECONDS = 60; // chart width

/** What one client costs and receives. */
class Meter {
  constructor() {
    this.messages = 0;
    this.requests = 0;
    this.bytes = 0;
    this.latencies = [];
    this.perSecond = new Array(SECONDS).fill(0);
  }
  received(bytes) {
    this.bytes += bytes;
    this.perSecond[this.perSecond.length - 1] += bytes;
  }
  latency(ms) {
    this.latencies.push(ms);
    if (this.latencies.length > 2000) this.latencies.shift();
  }
  percentile(p) {
    if (!this.latencies.length) return null;
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  }
}

const utf8 = new TextEncoder();

// Response headers as they came over the wire, approximately: status line plus "name: value\r\n" each.
function headerBytes(res) {
  let n = 17 + res.statusText.length;
  res.headers.forEach((value, name) => { n += name.length + value.length + 4; });
  return n + 2;
}

/** A fetch that counts requests and the bytes of every response, body streamed or not. */
function meteredFetch(meter) {
  return async (input, init) => {
    meter.requests++;
    const res = await fetch(input, init);
    meter.received(headerBytes(res));
    if (!res.body) return res;
    const counted = res.body.pipeThrough(new TransformStream({
      transform(chunk, out) { meter.received(chunk.byteLength); out.enqueue(chunk); },
    }));
    return new Response(counted, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}

// Only the WebSocket panel opens WebSockets, so every socket of the page is counted for it.
function meterWebSockets(meter) {
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      meter.requests++; // the upgrade request
      this.addEventListener('open', () => meter.received(129)); // a 101 answer's status line and headers
      this.addEventListener('message', ev => {
        const n = typeof ev.data === 'string' ? utf8.encode(ev.data).length : ev.data.size ?? ev.data.byteLength;
        meter.received(n + (n < 126 ? 2 : n < 65536 ? 4 : 10)); // plus the frame header
      });
    }
  };
}

function panel(kind) {
  const el = document.createElement('section');
  el.className = 'panel';
  el.dataset.transport = kind.transport;
  el.innerHTML = `<h2></h2><p class="how"></p><div class="state" data-state="disconnected">disconnected</div>
    <dl><dt>messages</dt><dd class="messages">0</dd>
    <dt>latency p50 / p99</dt><dd class="latency">–</dd>
    <dt>HTTP requests</dt><dd class="requests">0</dd>
    <dt>bytes received</dt><dd class="bytes">0</dd>
    <dt>bytes / message</dt><dd class="per">–</dd></dl><canvas width="320" height="70"></canvas>`;
  el.querySelector('h2').textContent = kind.title;
  el.querySelector('.how').textContent = kind.how;
  document.getElementById('panels').append(el);
  return el;
}

function start(kind) {
  const meter = new Meter();
  const el = panel(kind);
  if (kind.transport === 'websocket') meterWebSockets(meter);
  const client = new Sinal({ transports: [kind.transport], pollInterval: 2000, fetch: meteredFetch(meter) });
  client.onState(({ state, error }) => {
    const s = el.querySelector('.state');
    s.dataset.state = state;
    s.textContent = state + (error ? ` (${error.message})` : '');
  });
  client.subscribe(channel, {
    onMessage(env) {
      meter.messages++;
      const sent = env.data && typeof env.data.sent === 'number' ? env.data.sent : env.ts;
      meter.latency(Math.max(0, Date.now() - sent));
    },
  });
  client.connect();
  return { kind, meter, el, client };
}

function draw(canvas, values) {
  const ctx = canvas.getContext('2d');
  const { width: w, height: h } = canvas;
  ctx.clearRect(0, 0, w, h);
  const top = Math.max(1, ...values);
  ctx.fillStyle = '#0b6e4f';
  const bar = w / values.length;
  values.forEach((v, i) => {
    const bh = (h - 12) * (v / top);
    ctx.fillRect(i * bar, h - bh, Math.max(1, bar - 1), bh);
  });
  ctx.fillStyle = '#5b6475';
  ctx.font = '10px system-ui';
  ctx.fillText(`${top} B/s max`, 2, 10);
}

function render(clients) {
  for (const { meter, el } of clients) {
    el.querySelector('.messages').textContent = meter.messages;
    el.querySelector('.requests').textContent = meter.requests;
    el.querySelector('.bytes').textContent = meter.bytes;
    el.querySelector('.per').textContent = meter.messages ? Math.round(meter.bytes / meter.messages) : '–';
    const p50 = meter.percentile(50);
    el.querySelector('.latency').textContent = p50 === null ? '–' : `${p50} / ${meter.percentile(99)} ms`;
    draw(el.querySelector('canvas'), meter.perSecond);
  }
}

const clients = KINDS.map(start);
const publisher = clients.find(c => c.kind.transport === 'websocket').client;
document.getElementById('channel').value = channel;
document.getElementById('channel').addEventListener('change', ev => {
  params.set('channel', ev.target.value);
  location.search = params.toString();
});

let n = 0;
async function publishOne() {
  const error = document.getElementById('error');
  try {
    await publisher.publish(channel, { n: ++n, sent: Date.now(), text: `message ${n}` });
    error.textContent = '';
  } catch (e) {
    error.textContent = `publish failed: ${e.message}`;
  }
}
document.getElementById('publish').addEventListener('click', publishOne);

let auto = null;
document.getElementById('rate').addEventListener('change', ev => {
  clearInterval(auto);
  const rate = Number(ev.target.value);
  auto = rate > 0 ? setInterval(publishOne, 1000 / rate) : null;
});

setInterval(() => render(clients), 250);
setInterval(() => {
  for (const { meter } of clients) {
    meter.perSecond.shift();
    meter.perSecond.push(0);
  }
}, 1000);
