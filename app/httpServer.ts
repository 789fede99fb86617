import { createServer, IncomingMessage, ServerResponse, type RequestListener, type Server } from 'node:http';
import type { Express } from 'express';

// The HTTP server's timeouts, set explicitly rather than left to Node's defaults (which have
// changed between versions and are tuned for no one in particular):
// - headersTimeout: a client that trickles its request headers (slowloris) is cut off; ours
//   are a few hundred bytes, so 15 s is generous even on a slow TV connection.
// - requestTimeout: the whole request, body included; every body we accept is a few KB.
// - keepAliveTimeout: longer than the 60 s idle timeout load balancers commonly use, so the
//   balancer closes idle connections first; otherwise it may send a request on a connection we
//   are just closing, and the viewer gets a 502. WebSocket upgrades leave HTTP behind and are
//   not subject to these.
export const HTTP_TIMEOUTS = {
  headersTimeout: 15_000,
  requestTimeout: 30_000,
  keepAliveTimeout: 65_000,
} as const;

export function createHttpServer(listener: RequestListener | Express): Server {
  const server = createServer(isExpress(listener) ? expressShaped(listener) : {}, listener);
  server.headersTimeout = HTTP_TIMEOUTS.headersTimeout;
  server.requestTimeout = HTTP_TIMEOUTS.requestTimeout;
  server.keepAliveTimeout = HTTP_TIMEOUTS.keepAliveTimeout;
  return server;
}

function isExpress(listener: RequestListener | Express): listener is Express {
  return 'request' in listener && 'response' in listener;
}

/**
 * Requests and responses made with Express's prototypes from the start. Express gives every
 * request and response its own prototype on arrival (Object.setPrototypeOf, twice per request),
 * which changes the objects' shapes under Node's HTTP code and V8's inline caches; made with that
 * prototype, the switch finds it already in place and does nothing. The same objects otherwise
 * (still instances of IncomingMessage and ServerResponse, built by their own constructors).
 * Issue 11: about a fifth less server CPU per code request in bench (5); see README.
 */
function expressShaped(app: Express): { IncomingMessage: typeof IncomingMessage; ServerResponse: typeof ServerResponse } {
  return { IncomingMessage: constructedWithPrototype(IncomingMessage, app.request), ServerResponse: constructedWithPrototype(ServerResponse, app.response) };
}

/**
 * A constructor that builds what `base` builds, with `prototype` as its prototype (Node calls it
 * with new). Node's IncomingMessage and ServerResponse are plain constructor functions, called
 * here on the new object; a release where they are classes (which cannot be called so) gets
 * `base` back, and Express switches prototypes as it always did. (Reflect.construct would work
 * for both, but measured slower than Express's own switch: 0.57 against 0.47–0.51 CPU-ms per code.)
 */
function constructedWithPrototype<T extends new (...args: never[]) => object>(base: T, prototype: object): T {
  if (Function.prototype.toString.call(base).startsWith('class')) return base;
  function Shaped(this: object, ...args: unknown[]) {
    (base as unknown as (...constructorArgs: unknown[]) => void).apply(this, args);
  }
  Shaped.prototype = prototype;
  return Shaped as unknown as T;
}
