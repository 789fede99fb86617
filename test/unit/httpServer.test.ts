import { describe, expect, it } from 'vitest';
import { createHttpServer, HTTP_TIMEOUTS } from '../../app/httpServer.ts';

describe('the HTTP server npm start listens with', () => {
  it('has explicit timeouts: headers before the request, keep-alive past a load balancer idle timeout (60 s)', () => {
    const server = createHttpServer(() => {});
    expect({ headersTimeout: server.headersTimeout, requestTimeout: server.requestTimeout, keepAliveTimeout: server.keepAliveTimeout }).toEqual(HTTP_TIMEOUTS);
    expect(server.headersTimeout).toBeLessThan(server.requestTimeout);
    expect(server.keepAliveTimeout).toBeGreaterThan(60_000);
  });
});
