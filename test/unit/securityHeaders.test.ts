import { describe, expect, it } from 'vitest';
import express from 'express';
import helmet from 'helmet';
import request from 'supertest';
import { CONTENT_SECURITY_POLICY, headersOf, securityHeaders } from '../../server/http/securityHeaders.ts';

// The security headers are taken from helmet once and set in one loop (issue 11): every response
// must still carry exactly what helmet itself would set, with and without TLS.

function headersFrom(middleware: express.RequestHandler) {
  const app = express();
  app.disable('x-powered-by');
  app.use(middleware);
  app.get('/', (_req, res) => res.send('ok'));
  return request(app).get('/');
}

const ignored = new Set(['date', 'etag', 'content-length', 'content-type', 'connection', 'keep-alive']);
const securityHeadersOf = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).filter(([name]) => !ignored.has(name)));

describe('security headers', () => {
  for (const tls of [false, true]) {
    it(`are helmet's own plus our CSP (tls: ${tls})`, async () => {
      const byHelmet = helmet({
        contentSecurityPolicy: false,
        strictTransportSecurity: tls ? { maxAge: 365 * 24 * 3600, includeSubDomains: true } : false,
        xFrameOptions: { action: 'deny' },
        referrerPolicy: { policy: 'no-referrer' },
        crossOriginOpenerPolicy: { policy: 'same-origin' },
      });
      const expected = securityHeadersOf((await headersFrom((req, res, next) => {
        res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
        byHelmet(req, res, next);
      })).headers as Record<string, string>);
      const actual = securityHeadersOf((await headersFrom(securityHeaders({ tls }))).headers as Record<string, string>);
      expect(actual).toEqual(expected);
      expect(actual['x-frame-options']).toBe('DENY');
      expect(Boolean(actual['strict-transport-security'])).toBe(tls);
    });
  }

  it('takes headers only from a middleware that sets headers and calls next at once', () => {
    expect(headersOf((_req, res, next) => { res.setHeader('X-A', '1'); next(); })).toEqual({ set: [['X-A', '1']], removed: [] });
    expect(headersOf((req, res, next) => { res.setHeader('X-A', String(req.headers)); next(); })).toBeNull();
    expect(headersOf((_req, res, next) => { res.setHeader('X-A', '1'); setTimeout(next, 0); })).toBeNull();
  });
});
