import { describe, expect, it } from 'vitest';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { IncomingMessage, ServerResponse } from 'node:http';
import { createHttpServer, HTTP_TIMEOUTS } from '../../app/httpServer.ts';

describe('the HTTP server npm start listens with', () => {
  it('has explicit timeouts: headers before the request, keep-alive past a load balancer idle timeout (60 s)', () => {
    const server = createHttpServer(() => {});
    expect({ headersTimeout: server.headersTimeout, requestTimeout: server.requestTimeout, keepAliveTimeout: server.keepAliveTimeout }).toEqual(HTTP_TIMEOUTS);
    expect(server.headersTimeout).toBeLessThan(server.requestTimeout);
    expect(server.keepAliveTimeout).toBeGreaterThan(60_000);
  });

  it("makes requests and responses with the Express app's prototypes, and the app answers as before", async () => {
    const app = express();
    app.post('/echo', express.urlencoded({ extended: false }), (req, res) => {
      res.set('Cache-Control', 'no-store').json({ name: req.body.name, ip: req.ip, isRequest: req instanceof IncomingMessage, isResponse: res instanceof ServerResponse });
    });
    const server = createHttpServer(app);
    // Seen before Express runs: the prototypes it would switch to are already in place.
    const arrived: boolean[] = [];
    server.prependListener('request', (req, res) => arrived.push(Object.getPrototypeOf(req) === app.request && Object.getPrototypeOf(res) === app.response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/echo`, { method: 'POST', body: new URLSearchParams({ name: 'Anna' }) });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.json()).toEqual({ name: 'Anna', ip: '127.0.0.1', isRequest: true, isResponse: true });
      expect(arrived).toEqual([true]);
    } finally {
      server.close();
    }
  });
});
