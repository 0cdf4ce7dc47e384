import { Sinal } from '/sinal.js';

const $ = id => document.getElementById(id);
const params = new URLSearchParams(location.search);
const ALL = ['websocket', 'sse', 'longpoll'];
let sinal = null;
let mode = null; // the transport choice the current client was made with
const subscribed = new Set();

$('transport').value = ALL.includes(params.get('transport')) ? params.get('transport') : 'auto';
if (params.get('channel')) $('channel').value = params.get('channel');

function showCurl() {
  const body = JSON.stringify({ channel: $('channel').value, data: 'hi' });
  $('curl').textContent =
    `curl -X POST -H "Authorization: Bearer $SINAL_API_KEY" -d '${body}' ${location.origin}/api/publish`;
}

function showStatus({ state, transport, error }) {
  const status = $('status');
  status.dataset.state = state;
  status.dataset.transport = transport ?? '';
  status.textContent = (transport ? `${state} via ${transport}` : state) + (error ? ` (${error.message})` : '');
}

// Everything shown comes from the network, so it is only ever set as text.
function log(cls, text) {
  const line = document.createElement('div');
  line.className = cls;
  line.textContent = text;
  $('log').append(line);
  $('log').scrollTop = $('log').scrollHeight;
}

const asText = data => (typeof data === 'string' ? data : JSON.stringify(data));

function client() {
  const choice = $('transport').value;
  if (sinal && mode === choice) return sinal;
  sinal?.close();
  subscribed.clear();
  mode = choice;
  sinal = new Sinal({ transports: choice === 'auto' ? ALL : [choice] });
  sinal.onState(showStatus);
  sinal.connect();
  return sinal;
}

function subscribe() {
  const channel = $('channel').value.trim();
  const s = client();
  if (subscribed.has(channel)) return;
  try {
    s.subscribe(channel, {
      onMessage: e => log('msg', `${e.channel} #${e.offset} ${e.type}: ${asText(e.data)}`),
      onReset: r => log('event', `${r.channel}: reset to #${r.offset} (${r.reason})`),
      onJoin: p => log('event', `${p.channel}: ${p.user || p.client} joined`),
      onLeave: p => log('event', `${p.channel}: ${p.user || p.client} left`),
      onError: e => log('event error', `${channel}: ${e.message}`),
    });
    subscribed.add(channel);
    log('event', `subscribed to ${channel}`);
  } catch (e) {
    log('event error', e.message);
  }
}

$('subscribe-form').addEventListener('submit', e => {
  e.preventDefault();
  subscribe();
});
$('disconnect').addEventListener('click', () => {
  sinal?.close();
  sinal = null;
  subscribed.clear();
});
$('publish-form').addEventListener('submit', async e => {
  e.preventDefault();
  if (!sinal) return log('event error', 'subscribe first: publishing uses the open connection');
  try {
    await sinal.publish($('channel').value.trim(), $('message').value);
    $('message').value = '';
  } catch (err) {
    log('event error', `publish failed: ${err.message}`);
  }
});
$('channel').addEventListener('input', showCurl);

showCurl();
if (params.get('autoconnect') === '1') subscribe();
