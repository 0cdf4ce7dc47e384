const $ = id => document.getElementById(id);
let key = sessionStorage.getItem('sinal-api-key');
let timer = null;
const history = []; // [{t, publications, deliveries}] one per second

function show(signedIn) {
  $('login').hidden = signedIn;
  $('dashboard').hidden = !signedIn;
  if (!signedIn) { clearInterval(timer); timer = null; }
}

async function api(method, path, body) {
  const res = await fetch(path, { method, headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body });
  const json = await res.json().catch(() => ({}));
  if (res.status === 401) { signOut('That key was refused.'); throw new Error('unauthorized'); }
  if (!res.ok) throw new Error(json.error ? `${json.error.code}: ${json.error.message}` : `HTTP ${res.status}`);
  return json;
}

function signOut(message = '') {
  key = null;
  sessionStorage.removeItem('sinal-api-key');
  $('login-error').textContent = message;
  show(false);
}

function row(tbody, cells) {
  const tr = document.createElement('tr');
  for (const c of cells) { const td = document.createElement('td'); td.textContent = c; tr.appendChild(td); }
  tbody.appendChild(tr);
}

function time(ts) { return new Date(ts).toLocaleTimeString(); }

function render(s) {
  $('node').textContent = `node ${s.node}, up ${s.uptimeSeconds} s`;
  for (const t of ['websocket', 'sse', 'poll']) $(`conn-${t}`).textContent = s.connections[t];
  $('subscriptions').textContent = s.subscriptions;
  $('channels').textContent = s.channels;
  $('publications').textContent = s.publications;
  $('deliveries').textContent = s.deliveries;
  $('slow').textContent = s.slowConsumerDisconnects;
  const top = $('top-channels'); top.replaceChildren();
  s.topChannels.forEach(c => row(top, [c.channel, c.subscribers]));
  if (!s.topChannels.length) row(top, ['no subscribers', '']);
  const pubs = $('recent-publications'); pubs.replaceChildren();
  s.recentPublications.forEach(p => row(pubs, [time(p.ts), p.channel, `#${p.offset}`, p.type, `${p.bytes} B`]));
  const errs = $('recent-errors'); errs.replaceChildren();
  s.recentErrors.forEach(e => row(errs, [time(e.ts), e.request, e.status]));
  if (!s.recentErrors.length) row(errs, ['none', '', '']);
  history.push({ t: Date.now(), publications: s.publications, deliveries: s.deliveries });
  if (history.length > 121) history.shift();
  draw();
}

function draw() {
  const canvas = $('rate-chart'), g = canvas.getContext('2d');
  g.clearRect(0, 0, canvas.width, canvas.height);
  const rates = [];
  for (let i = 1; i < history.length; i++) {
    const dt = (history[i].t - history[i - 1].t) / 1000 || 1;
    rates.push({ p: (history[i].publications - history[i - 1].publications) / dt, d: (history[i].deliveries - history[i - 1].deliveries) / dt });
  }
  const max = Math.max(1, ...rates.map(r => Math.max(r.p, r.d)));
  g.fillStyle = '#5b6475'; g.font = '12px system-ui'; g.fillText(`${max.toFixed(0)}/s`, 4, 12);
  for (const [field, color] of [['p', '#2f6fed'], ['d', '#e07b00']]) {
    g.strokeStyle = color; g.lineWidth = 2; g.beginPath();
    rates.forEach((r, i) => {
      const x = canvas.width - (rates.length - 1 - i) * (canvas.width / 120);
      const y = canvas.height - 4 - (r[field] / max) * (canvas.height - 20);
      i ? g.lineTo(x, y) : g.moveTo(x, y);
    });
    g.stroke();
  }
}

async function refresh() {
  try { render(await api('GET', '/api/admin/stats')); } catch (e) { /* shown on the next success or sign-out */ }
}

function start() {
  show(true);
  refresh();
  timer = setInterval(refresh, 1000);
}

$('login-form').onsubmit = async ev => {
  ev.preventDefault();
  key = $('key').value.trim();
  try { await api('GET', '/api/admin/stats'); sessionStorage.setItem('sinal-api-key', key); $('login-error').textContent = ''; start(); } catch (e) { /* signOut explained it */ }
};
$('logout').onclick = ev => { ev.preventDefault(); signOut(); };
$('publish-form').onsubmit = async ev => {
  ev.preventDefault();
  let data;
  try { data = JSON.parse($('pub-data').value); } catch { $('pub-result').textContent = 'data is not valid JSON'; return; }
  try {
    const r = await api('POST', '/api/publish', JSON.stringify({ channel: $('pub-channel').value.trim(), type: $('pub-type').value.trim() || 'message', data }));
    $('pub-result').textContent = `published as #${r.offset} on ${r.channel}`;
    refresh();
  } catch (e) { $('pub-result').textContent = e.message; }
};

if (key) start(); else show(false);
