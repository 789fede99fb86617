import { createServer, type RequestListener, type Server } from 'node:http';

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

export function createHttpServer(listener: RequestListener): Server {
  const server = createServer(listener);
  server.headersTimeout = HTTP_TIMEOUTS.headersTimeout;
  server.requestTimeout = HTTP_TIMEOUTS.requestTimeout;
  server.keepAliveTimeout = HTTP_TIMEOUTS.keepAliveTimeout;
  return server;
}
