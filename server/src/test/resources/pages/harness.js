// A page of another site using sinal.js, driven by the browser tests through window.harness.
// Query: sinal=<base URL of Sinal or of a proxy in front of it>, transport=… (repeatable), channel=…
// (repeatable), client=local to import this site's own copy of sinal.js instead of Sinal's, user=… to
// get tokens from this site's /token (ttl=seconds), pollWait, pollInterval.
const q = new URLSearchParams(location.search);
const base = q.get('sinal');
const harness = (window.harness = { messages: [], resets: [], states: [], errors: [], importError: null, ready: false, shown: [] });
addEventListener('pageshow', e => harness.shown.push({ persisted: e.persisted, at: Date.now() }));
harness.lifecycle = [];
for (const name of ['freeze', 'resume']) document.addEventListener(name, () => harness.lifecycle.push({ event: name, at: Date.now() }));
harness.tokenFetches = [];

try {
  const { Sinal } = await import(q.get('client') === 'local' ? '/sinal.js' : `${base}/sinal.js`);
  const options = { url: base, pollWait: Number(q.get('pollWait') ?? 25), pollInterval: Number(q.get('pollInterval') ?? 500) };
  if (q.getAll('transport').length) options.transports = q.getAll('transport');
  if (q.get('user')) {
    options.getToken = async () => {
      harness.tokenFetches.push(Date.now());
      const res = await fetch(`/token?user=${encodeURIComponent(q.get('user'))}&ttl=${q.get('ttl') ?? 60}`);
      if (!res.ok) throw new Error(`token ${res.status}`);
      return res.text();
    };
  }
  const sinal = new Sinal(options);
  sinal.onState(({ state, transport, error, retryAt, online }) =>
    harness.states.push({ state, transport, error: error?.message ?? null, code: error?.code ?? null, retryAt, online, at: Date.now() }));
  for (const channel of q.getAll('channel')) {
    sinal.subscribe(channel, {
      onMessage: e => harness.messages.push({ channel: e.channel, offset: e.offset, data: e.data }),
      onReset: r => harness.resets.push(r),
      onError: e => harness.errors.push({ code: e.code, message: e.message }),
    });
  }
  harness.sinal = sinal;
  sinal.connect();
  harness.ready = true;
} catch (e) {
  harness.importError = String(e);
}
