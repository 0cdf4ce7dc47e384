// The uploads page (docs/apps/uploads.md): one POST per batch with the browser's upload progress, then
// the server's stages of every file, followed by polling the batch's state, or over SSE or WebSocket.
import { Sinal } from '/sinal.js';

const $ = selector => document.querySelector(selector);
const FINISHED = new Set(['done', 'failed', 'cancelled']);
const params = new URLSearchParams(location.search);
if (params.get('follow')) $('#follow').value = params.get('follow');
if (params.get('interval')) $('#interval').value = params.get('interval');

let chosen = [];

function choose(files) {
  chosen = [...files];
  $('#chosen').textContent = chosen.length
    ? `${chosen.length} file${chosen.length > 1 ? 's' : ''}: ${chosen.map(f => f.name).join(', ')}`
    : 'No file chosen.';
  $('#upload').disabled = !chosen.length;
}

function showInterval() {
  $('#interval-label').hidden = $('#follow').value !== 'poll';
}

$('#files').addEventListener('change', e => choose(e.target.files));
$('#follow').addEventListener('change', showInterval);
showInterval();
const drop = $('#drop');
drop.addEventListener('dragover', e => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', e => {
  e.preventDefault();
  drop.classList.remove('over');
  choose(e.dataTransfer.files);
});
$('#form').addEventListener('submit', e => {
  e.preventDefault();
  if (!chosen.length) return;
  $('#error').textContent = '';
  new Batch(chosen, $('#follow').value, Number($('#interval').value));
  $('#files').value = '';
  choose([]);
});

function kb(bytes) {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} kB`;
}

class Batch {
  constructor(files, mode, interval) {
    this.mode = mode;
    this.interval = Math.max(0.5, interval || 2) * 1000;
    this.requests = 0; // HTTP requests made to follow (polls, snapshot reads, the SSE or WebSocket connection)
    this.pushed = 0; // events that arrived over SSE or WebSocket
    this.bytes = 0; // JSON received while following
    this.el = document.createElement('div');
    this.el.className = 'batch';
    this.el.dataset.mode = mode;
    const title = document.createElement('h2');
    title.textContent = `${files.length} file${files.length > 1 ? 's' : ''}, followed by ${mode === 'poll' ? `polling every ${this.interval / 1000} s` : mode}`;
    this.meterEl = document.createElement('div');
    this.meterEl.className = 'meter';
    const list = document.createElement('ul');
    list.className = 'files';
    this.el.append(title, this.meterEl, list);
    $('#batches').prepend(this.el);
    this.items = files.map(file => {
      const el = $('#file-template').content.firstElementChild.cloneNode(true);
      el.querySelector('.name').textContent = file.name;
      el.querySelector('.cancel').addEventListener('click', () => this.cancel(item));
      list.append(el);
      const item = { file, el, id: null, seq: 0, state: 'uploading', variants: [] };
      return item;
    });
    this.upload(files);
  }

  upload(files) {
    const form = new FormData();
    for (const f of files) form.append('files', f, f.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/uploads');
    xhr.responseType = 'json';
    // One request for the batch: the files travel one after the other, so the bytes sent so far tell
    // how far each file is (the multipart headers make it approximate).
    xhr.upload.onprogress = e => {
      const sizes = files.map(f => f.size);
      const total = sizes.reduce((a, b) => a + b, 0) || 1;
      const loaded = e.lengthComputable ? e.loaded * total / e.total : 0;
      let before = 0;
      this.items.forEach((item, i) => {
        const share = sizes[i] ? (loaded - before) / sizes[i] : 1;
        item.el.querySelector('.upload').value = Math.round(100 * Math.min(1, Math.max(0, share)));
        before += sizes[i];
      });
    };
    xhr.upload.onload = () => this.items.forEach(item => { item.el.querySelector('.upload').value = 100; });
    xhr.onload = () => {
      if (xhr.status !== 202) {
        this.refused(xhr.response?.error?.message ?? `the server answered ${xhr.status}`);
        return;
      }
      this.accepted(xhr.response);
    };
    xhr.onerror = () => this.refused('the upload failed: the connection broke');
    xhr.send(form);
  }

  refused(message) {
    $('#error').textContent = message;
    for (const item of this.items) this.render(item, 'failed', message);
  }

  accepted(answer) {
    this.batch = answer.batch;
    this.channel = answer.channel;
    answer.files.forEach((f, i) => {
      this.items[i].id = f.id;
      this.items[i].el.dataset.id = f.id;
    });
    if (this.mode === 'poll') this.poll();
    else this.push();
  }

  async poll() {
    await this.reload();
    if (!this.finished()) this.timer = setTimeout(() => this.poll(), this.interval);
  }

  // The batch from the store: every file's events so far, applied in order past what was seen.
  async reload() {
    if (this.reloading) { this.again = true; return; }
    this.reloading = true;
    try {
      do {
        this.again = false;
        this.requests++;
        const response = await fetch(`/uploads/${this.batch}`, { headers: { accept: 'application/json' } });
        const text = await response.text();
        this.bytes += text.length;
        if (!response.ok) throw new Error(JSON.parse(text).error?.message ?? `status ${response.status}`);
        for (const f of JSON.parse(text).files) for (const event of f.events) this.apply(event, false);
      } while (this.again);
    } catch (e) {
      $('#error').textContent = `reading the batch failed: ${e.message}`;
    } finally {
      this.reloading = false;
      this.meter();
    }
  }

  // SSE or WebSocket: subscribe, then read the store once, for the events published before the
  // subscription was live; after that every event arrives pushed. A gap in a file's seq (an event
  // published while the connection was down and gone from history) reads the store again.
  push() {
    this.sinal = new Sinal({ transports: [this.mode] });
    this.sinal.subscribe(this.channel, {
      onMessage: envelope => {
        if (envelope.type === 'cancel') return; // a client's request, not a stage
        this.pushed++;
        this.bytes += JSON.stringify(envelope).length;
        this.apply(envelope.data, true);
        this.meter();
      },
      onReset: () => this.reload(),
    });
    this.sinal.onState(({ state, error }) => {
      if (state === 'connected') {
        this.requests++;
        this.reload();
      } else if (error && !this.finished()) {
        $('#error').textContent = `${this.mode}: ${error.message}`;
      }
    });
    this.sinal.connect();
  }

  apply(event, live) {
    const item = this.items.find(i => i.id === event.file);
    if (!item || event.seq <= item.seq) return;
    if (event.seq > item.seq + 1) {
      if (live) this.reload();
      return;
    }
    item.seq = event.seq;
    const line = text => {
      const li = document.createElement('li');
      li.textContent = text;
      item.el.querySelector('.lines').append(li);
    };
    const progress = item.el.querySelector('.processing');
    if (event.percent !== undefined) progress.value = event.percent;
    switch (event.stage) {
      case 'received':
        item.el.querySelector('.upload').value = 100;
        line(`received: ${kb(event.bytes)} of ${event.format}`);
        break;
      case 'processing':
        if (event.width) line(`decoded: ${event.width} × ${event.height}`);
        break;
      case 'variant': {
        const v = event.variant;
        item.variants.push(v);
        line(`${v.name}: ${v.width} × ${v.height}, ${kb(v.bytes)}`);
        break;
      }
      case 'failed':
        if (event.name) line(`received: ${kb(event.bytes)}`);
        line(`failed: ${event.reason}`);
        break;
      case 'cancelled':
        line('cancelled');
        break;
    }
    this.render(item, event.stage === 'variant' ? 'processing' : event.stage, event.reason);
    if (this.finished()) this.stop();
  }

  render(item, state, reason) {
    item.state = state;
    item.el.dataset.state = state;
    const percent = item.el.querySelector('.processing').value;
    item.el.querySelector('.state').textContent = state === 'processing' ? `processing ${percent}%` : state;
    item.el.querySelector('.state').title = reason ?? '';
    item.el.querySelector('.cancel').hidden = !(state === 'received' || state === 'processing');
    if (state === 'done') {
      const thumb = item.variants.find(v => v.name === 'thumb.jpg');
      const result = item.el.querySelector('.result');
      if (thumb) item.el.querySelector('.thumb').src = thumb.url;
      const links = item.el.querySelector('.links');
      links.replaceChildren(...item.variants.map(v => {
        const a = document.createElement('a');
        a.href = v.url;
        a.download = `${item.file.name.replace(/\.[^.]*$/, '')}-${v.name}`;
        a.textContent = v.name;
        return a;
      }));
      result.hidden = false;
    }
  }

  async cancel(item) {
    item.el.querySelector('.cancel').disabled = true;
    try {
      if (this.mode === 'websocket') {
        await this.sinal.publish(this.channel, { file: item.id }, 'cancel');
      } else {
        const response = await fetch(`/uploads/${this.batch}/${item.id}`, { method: 'DELETE' });
        if (!response.ok) throw new Error((await response.json()).error?.message ?? `status ${response.status}`);
      }
    } catch (e) {
      $('#error').textContent = `cancel: ${e.message}`;
      item.el.querySelector('.cancel').disabled = false;
    }
  }

  finished() {
    return this.items.every(item => FINISHED.has(item.state));
  }

  stop() {
    clearTimeout(this.timer);
    this.sinal?.close();
    this.meter();
  }

  meter() {
    this.meterEl.textContent = `${this.requests} request${this.requests === 1 ? '' : 's'}`
      + (this.mode === 'poll' ? '' : `, ${this.pushed} events pushed`) + `, ${kb(this.bytes)} of JSON received`;
  }
}
