import { Sinal } from '/sinal.js';

const $ = id => document.getElementById(id);
const id = decodeURIComponent(location.pathname.split('/').pop());
const ALL = ['websocket', 'sse', 'longpoll'];
const forced = new URLSearchParams(location.search).get('transport');
const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'BRL' });
let payment = null;
let ticker = null;

// Everything shown comes from the server or the shop's customer, so it is only ever set as text.
function render(p) {
  // Only forward: pending → paid or expired, both final. A slow refetch answering "pending" after the
  // notification said "paid" must not bring the QR code back.
  if (payment && payment.status !== 'pending') return;
  payment = p;
  $('status').dataset.status = p.status;
  $('status').textContent = p.status;
  $('order').textContent = `#${p.order_number}`;
  $('description').textContent = p.description ? ` — ${p.description}` : '';
  $('amount').textContent = money.format(Number(p.value));
  $('pending-view').hidden = p.status !== 'pending';
  $('paid-view').hidden = p.status !== 'paid';
  $('expired-view').hidden = p.status !== 'expired';
  if (p.status === 'pending') {
    if (!$('qr').getAttribute('src')) $('qr').src = p.qr_code;
    $('copy-paste').value = p.copy_paste;
    if ($('bank-link')) $('bank-link').href = `/bank?id=${encodeURIComponent(p.id)}`;
    ticker ??= setInterval(countdown, 1000);
    countdown();
  } else {
    clearInterval(ticker);
    if (p.paid_at) $('paid-at').textContent = new Date(p.paid_at).toLocaleString('en-GB');
    // Final: nothing more will be published for this payment.
    sinal.close();
    $('connection').hidden = true;
  }
}

function countdown() {
  const left = Math.max(0, Math.floor((Date.parse(payment.expiration_date) - Date.now()) / 1000));
  const mm = String(Math.floor(left / 60)).padStart(2, '0');
  const ss = String(left % 60).padStart(2, '0');
  $('countdown').textContent = left > 0 ? `${mm}:${ss}` : '00:00, expiring…';
}

async function refresh() {
  try {
    const response = await fetch(location.pathname, { headers: { Accept: 'application/json' } });
    if (response.ok) render(await response.json());
  } catch (err) {
    console.warn('refreshing the payment failed:', err.message);
  }
}

$('copy').addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText($('copy-paste').value);
  } catch {
    $('copy-paste').select();
    document.execCommand('copy');
  }
  $('copied').textContent = 'Copied.';
});

const sinal = new Sinal({ transports: ALL.includes(forced) ? [forced] : ALL });
sinal.onState(({ state, transport }) => {
  $('connection').dataset.state = state;
  $('connection').dataset.transport = transport ?? '';
  $('connection').textContent = state === 'connected' ? `live updates via ${transport}` : state;
  // A change made before the subscription was live was not delivered to it: read the state once more.
  if (state === 'connected') refresh();
});
sinal.subscribe(`payments:${id}`, {
  onMessage: e => render(e.data),
  onReset: () => refresh(),
});
await refresh();
if (payment?.status === 'pending') sinal.connect();
