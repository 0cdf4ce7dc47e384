// A plain Node `ws` broadcast server with Nchan's URL shape, so `sinal bench --target node-ws` drives it
// exactly like Nchan: subscribers open ws://host:port/sub?id=<channel>, a publisher POSTs the message
// body to /pub?id=<channel>, and every subscriber of that channel gets it as one text frame.
// Usage: node server.js [port] [host]   (defaults 8082, 127.0.0.1: loopback only)
'use strict';
const http = require('http');
const { WebSocketServer } = require('ws');

const port = Number(process.argv[2] || 8082);
const host = process.argv[3] || '127.0.0.1';
const channels = new Map(); // channel -> Set of sockets

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (req.method !== 'POST' || url.pathname !== '/pub') {
    res.writeHead(404).end();
    return;
  }
  const chunks = [];
  req.on('data', c => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const subs = channels.get(url.searchParams.get('id'));
    let n = 0;
    if (subs) for (const ws of subs) { ws.send(body, { binary: false }); n++; }
    res.writeHead(200, { 'content-type': 'application/json' }).end(`{"subscribers":${n}}`);
  });
});

// perMessageDeflate off: it is off by default in ws and costs memory per socket.
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, clientTracking: false });
server.on('upgrade', (req, socket, head) => {
  const url = new URL(req.url, 'http://x');
  const id = url.searchParams.get('id');
  if (url.pathname !== '/sub' || !id) return socket.destroy();
  wss.handleUpgrade(req, socket, head, ws => {
    let subs = channels.get(id);
    if (!subs) channels.set(id, (subs = new Set()));
    subs.add(ws);
    ws.on('close', () => { subs.delete(ws); if (!subs.size) channels.delete(id); });
    ws.on('error', () => ws.terminate());
  });
});
server.listen(port, host, () => console.log(`node ws broadcast on ${host}:${port}, pid ${process.pid}`));
