// Types of sinal.js, the browser client for Sinal (docs/client-js.md; wire protocol: docs/protocol.md).

export type TransportName = 'websocket' | 'sse' | 'longpoll' | 'poll';
export type State = 'disconnected' | 'connecting' | 'connected';

/** A publication as every transport delivers it. */
export interface Envelope<T = unknown> {
  channel: string;
  offset: number;
  epoch: string;
  type: string;
  data: T;
  ts: number;
}

export interface Reset {
  push: 'reset';
  channel: string;
  epoch: string;
  offset: number;
  reason: 'epoch_changed' | 'history_exceeded';
}

export interface PresenceChange {
  push: 'join' | 'leave';
  channel: string;
  client: string;
  user: string;
}

export interface Position {
  channel: string;
  epoch: string;
  offset: number;
}

export interface ClientInfo {
  client: string;
  user: string;
}

/** What `onState` listeners get on every change. */
export interface StateChange {
  state: State;
  /** The transport connecting or connected; null while disconnected. */
  transport: Exclude<TransportName, 'poll'> | 'poll' | null;
  /** Why the state changed, when something went wrong. */
  error: Error | SinalError | null;
  /** While disconnected and waiting: when the next attempt is due (epoch milliseconds); else null. */
  retryAt: number | null;
  /** The browser's own idea of the network (`navigator.onLine`). */
  online: boolean;
}

export interface SubscriptionHandlers<T = unknown> {
  onMessage?(envelope: Envelope<T>): void;
  onReset?(reset: Reset): void;
  onJoin?(change: PresenceChange): void;
  onLeave?(change: PresenceChange): void;
  onError?(error: SinalError): void;
  /** A cursor from elsewhere: resume after its position for this channel, unless a newer one is known. */
  cursor?: string;
}

export interface Subscription {
  readonly channel: string;
  unsubscribe(): void;
}

export interface SinalOptions {
  /** Base URL of the server, http(s)://host[:port]; default `location.origin`. */
  url?: string;
  /** Transports to try, best first; default `['websocket', 'sse', 'longpoll']`. */
  transports?: TransportName[];
  /** A fixed connection token (JWT). */
  token?: string;
  /** Returns a fresh token; called at connect, before the token expires, and when the server says it expired. */
  getToken?: () => string | Promise<string>;
  /** Seconds each long poll may wait; default 25. */
  pollWait?: number;
  /** Milliseconds between requests of the `poll` transport; default 2000. */
  pollInterval?: number;
  /** The fetch used by SSE and polling. */
  fetch?: typeof fetch;
  /** React to online/offline, visibility, freeze/resume and the back/forward cache; default true. */
  lifecycle?: boolean;
}

export class SinalError extends Error {
  constructor(error: { code: number; message?: string; reason?: string });
  /** A protocol error code (100–199, docs/protocol.md "Errors") or a disconnect code (3000+). */
  readonly code: number;
}

export class Sinal {
  constructor(options?: SinalOptions);
  readonly url: string;
  readonly state: State;
  readonly transport: TransportName | null;
  readonly retryAt: number | null;
  token: string | undefined;
  connect(): void;
  close(): void;
  /** Tries at once instead of waiting for the next attempt. */
  retry(): void;
  onState(listener: (change: StateChange) => void): () => void;
  subscribe<T = unknown>(channel: string, handlers?: SubscriptionHandlers<T>): Subscription;
  publish(channel: string, data: unknown, type?: string): Promise<Position>;
  presence(channel: string): Promise<{ channel: string; clients: ClientInfo[] }>;
  history<T = unknown>(channel: string, limit?: number): Promise<Position & { publications: Envelope<T>[] }>;
  /** The cursor of the last positions seen: `channel~epoch~offset,…`. */
  cursor(): string;
}
