// uWebSockets.js (the C++ core behind Soketi and Bun) with Nchan's URL shape, so `sinal-bench --target
// uws` drives it like Nchan and Node ws: subscribers open ws://host:port/sub?id=<channel> and are
// subscribed to that topic, a publisher POSTs the message body to /pub?id=<channel>, and app.publish
// sends it to every subscriber of the topic as one text frame (uWS corks each socket's writes itself).
// Usage: node server.js [port] [host]   (defaults 8083, 127.0.0.1: loopback only)
'use strict';
const uWS = require('@trufflesuite/uws-js-unofficial');

const port = Number(process.argv[2] || 8083);
const host = process.argv[3] || '127.0.0.1';

const app = uWS.App()
  .ws('/sub', {
    // permessage-deflate off, as for the other peers: it costs memory per socket.
    compression: uWS.DISABLED,
    maxPayloadLength: 64 * 1024,
    idleTimeout: 0,
    maxBackpressure: 1024 * 1024,
    upgrade: (res, req, context) => {
      const id = new URLSearchParams(req.getQuery()).get('id');
      if (!id) return res.writeStatus('400 Bad Request').end();
      res.upgrade({ id }, req.getHeader('sec-websocket-key'), req.getHeader('sec-websocket-protocol'),
        req.getHeader('sec-websocket-extensions'), context);
    },
    open: ws => ws.subscribe(ws.getUserData().id),
  })
  .post('/pub', (res, req) => {
    const id = new URLSearchParams(req.getQuery()).get('id');
    const chunks = [];
    res.onAborted(() => { res.aborted = true; });
    res.onData((chunk, last) => {
      chunks.push(Buffer.from(chunk)); // the chunk's memory is uWS's only during this call
      if (!last) return;
      const body = Buffer.concat(chunks);
      const n = id ? app.numSubscribers(id) : 0;
      if (id) app.publish(id, body, false);
      if (!res.aborted) res.cork(() => res.writeHeader('content-type', 'application/json').end(`{"subscribers":${n}}`));
    });
  })
  .any('/*', res => res.writeStatus('404 Not Found').end());

app.listen(host, port, token => {
  if (!token) {
    console.error(`uws: cannot listen on ${host}:${port}`);
    process.exit(1);
  }
  console.log(`uws broadcast on ${host}:${port}, pid ${process.pid}`);
});
