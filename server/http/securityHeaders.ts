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
  return (req, res, next) => {
    res.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    helmetHeaders(req, res, next);
  };
}
