// Preload for Portkey's gateway in the broker benchmark (node --import): it listens on every
// interface with no host option, so listen() is pinned to 127.0.0.1; and its streaming fails on Node
// with `TypeError: immutable` (Portkey-AI/gateway#1389) because it edits the headers of fetch's
// Response, so every upstream Response is re-wrapped with mutable headers.
import { Server } from 'node:http';

const listen = Server.prototype.listen;
Server.prototype.listen = function pinned(...args) {
  if (typeof args[0] === 'object' && args[0] !== null)
    return listen.call(this, { ...args[0], host: '127.0.0.1' }, ...args.slice(1));
  const callback = args.find((a) => typeof a === 'function');
  return listen.call(this, Number(args[0]), '127.0.0.1', callback);
};

const { fetch: fetchUpstream, Response, Headers } = globalThis;
globalThis.fetch = async (...args) => {
  const res = await fetchUpstream(...args);
  return new Response(res.body, {
    status: res.status,
    statusText: res.statusText,
    headers: new Headers(res.headers),
  });
};
