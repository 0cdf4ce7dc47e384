// A front-end program written against @sinal/client's types: `tsc --noEmit` must accept it, and
// reject each line marked @ts-expect-error (so the types are not just `any`). Run by ClientTypesTest.
import { Sinal, SinalError, type Envelope, type StateChange } from '@sinal/client';

interface Order {
  id: number;
  status: 'pending' | 'paid';
}

const sinal = new Sinal({
  url: 'https://rt.example',
  transports: ['websocket', 'sse', 'longpoll'],
  getToken: async () => (await fetch('/token')).text(),
  pollWait: 20,
});

const stop = sinal.onState(({ state, transport, error, retryAt, online }: StateChange) => {
  const label: string = state === 'disconnected' && retryAt !== null ? `retry in ${retryAt - Date.now()} ms` : state;
  console.log(label, transport ?? '-', online, error instanceof SinalError ? error.code : error?.message);
});

const sub = sinal.subscribe<Order>('orders:42', {
  onMessage(e: Envelope<Order>) {
    const paid: boolean = e.data.status === 'paid';
    console.log(e.channel, e.offset, e.epoch, e.type, e.ts, paid);
  },
  onReset(r) {
    const why: 'epoch_changed' | 'history_exceeded' = r.reason;
    console.log(why);
  },
  onJoin: p => console.log(p.user),
  onError: err => console.log(err.code),
  cursor: 'orders:42~k3v9q2~7',
});

sinal.connect();
sinal.retry();
const cursor: string = sinal.cursor();
sinal.publish('chat:lobby', { text: 'hi' }).then(p => console.log(p.epoch, p.offset));
sinal.history<Order>('orders:42', 10).then(h => h.publications.forEach(e => console.log(e.data.id)));
sinal.presence('chat:lobby').then(p => p.clients.map(c => c.client));
sub.unsubscribe();
stop();
sinal.close();
console.log(cursor);

// @ts-expect-error: not a transport
new Sinal({ transports: ['carrier-pigeon'] });
// @ts-expect-error: getToken gives a token, not a number
new Sinal({ getToken: () => 42 });
// @ts-expect-error: subscribe's handlers are typed
sinal.subscribe('x', { onMessage: (n: number) => n });
