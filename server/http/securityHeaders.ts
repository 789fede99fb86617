import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

// Headers every response carries. helmet sets the well-known set (nosniff, X-Frame-Options DENY,
// Referrer-Policy no-referrer, Cross-Origin-Opener/Resource-Policy same-origin, no DNS prefetch,
// Origin-Agent-Cluster, …) and, when the site is served over TLS, Strict-Transport-Security, so a
// browser never again tries plain HTTP (where a network attacker could strip TLS and read the
// session cookie). Our own CSP stays, stricter than helmet's default: only our scripts, no
// framing at all (nobody can put "Start Watching" under a decoy), forms only to us.
// no-referrer keeps codes and reset links in our URLs from leaking to other sites.

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "script-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "form-action 'self'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

/** A year, with subdomains: the usual value for a site that is HTTPS only. */
const HSTS_MAX_AGE_SECONDS = 365 * 24 * 3600;

export function securityHeaders(options: { tls: boolean }): (req: Request, res: Response, next: NextFunction) => void {
  const helmetHeaders = helmet({
    contentSecurityPolicy: false,
    strictTransportSecurity: options.tls ? { maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: true } : false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
  });
  // helmet's headers do not depend on the request: they are taken from it once, and every
  // response gets them in one loop instead of a chain of a dozen middlewares (issue 11's profile:
  // about 6% of a node's CPU per code request went to that chain).
  const taken = headersOf(helmetHeaders);
  if (!taken) {
    return (req, res, next) => {
      res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
      helmetHeaders(req, res, next);
    };
  }
  const fixed = [...taken.set, ['Content-Security-Policy', CONTENT_SECURITY_POLICY] as [string, string]];
  return (_req, res, next) => {
    for (const name of taken.removed) res.removeHeader(name);
    for (const [name, value] of fixed) res.setHeader(name, value);
    next();
  };
}

/** The headers a middleware sets and removes, if that is all it does and it calls next at once; else null. */
export function headersOf(middleware: (req: Request, res: Response, next: (error?: unknown) => void) => void): { set: Array<[string, string]>; removed: string[] } | null {
  const headers: Array<[string, string]> = [];
  const removed: string[] = [];
  let simple = true;
  let nextCalled = false;
  const res = {
    setHeader(name: string, value: unknown) {
      if (typeof value === 'string') headers.push([name, value]);
      else simple = false;
    },
    removeHeader(name: string) {
      removed.push(name);
    },
  };
  const req = new Proxy({}, { get: () => { simple = false; return undefined; } });
  try {
    middleware(req as Request, res as unknown as Response, (error?: unknown) => {
      nextCalled = error === undefined;
    });
  } catch {
    return null;
  }
  return simple && nextCalled && headers.length ? { set: headers, removed } : null;
}
