import type { Request, Response } from 'express';

// Cookies: HttpOnly and SameSite=Lax always; Secure and the __Host- prefix when served over TLS
// (the prefix pins the cookie to this host and path /, so a sibling domain cannot plant it).

export interface CookieNames {
  session: string;
  csrf: string;
  /** The language chosen with the switcher (not secret; read by the server only). */
  locale: string;
}

export function cookieNames(secure: boolean): CookieNames {
  const prefix = secure ? '__Host-' : '';
  return { session: `${prefix}sid`, csrf: `${prefix}csrf`, locale: `${prefix}lang` };
}

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header || header.length > 8192) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export function setCookie(res: Response, name: string, value: string, options: { secure: boolean; maxAgeSeconds?: number }): void {
  res.cookie(name, value, {
    httpOnly: true,
    sameSite: 'lax',
    secure: options.secure,
    path: '/',
    ...(options.maxAgeSeconds === undefined ? {} : { maxAge: options.maxAgeSeconds * 1000 }),
  });
}

export function clearCookie(res: Response, name: string, secure: boolean): void {
  res.clearCookie(name, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
}

/** The site's cookies with the Secure flag decided once (by whether we are served over TLS). */
export interface CookieJar {
  readonly names: CookieNames;
  read(req: Request, name: string): string | undefined;
  set(res: Response, name: string, value: string, maxAgeSeconds?: number): void;
  clear(res: Response, name: string): void;
}

export function createCookieJar(secure: boolean): CookieJar {
  return {
    names: cookieNames(secure),
    read: readCookie,
    set: (res, name, value, maxAgeSeconds) => setCookie(res, name, value, { secure, maxAgeSeconds }),
    clear: (res, name) => clearCookie(res, name, secure),
  };
}
