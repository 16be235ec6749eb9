// The checks that come before any route: the Host allow-list (DNS rebinding arrives with a foreign
// Host and no Origin), refusing anything a browser sent (any Origin, even "null"), and a limiter on
// failed authentication that slows guessing without locking out clients holding a valid token.

export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
}

export { FailureLimiter } from '#shared/failure-limiter.js';
