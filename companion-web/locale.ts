import type { Request, Response } from 'express';
import { isSupportedLocale, localeFromAcceptLanguage } from '../shared/i18n/index.ts';
import type { Cookies } from './ports.ts';

// Which language a page speaks: ?lang= (the visible switcher) wins and is remembered in a cookie,
// then that cookie, then the browser's Accept-Language.

const LOCALE_COOKIE_SECONDS = 365 * 24 * 3600;

export function requestLocale(req: Request, cookies: Cookies): string {
  const chosen = req.query.lang;
  if (isSupportedLocale(chosen)) return chosen;
  const remembered = cookies.read(req, cookies.names.locale);
  if (isSupportedLocale(remembered)) return remembered;
  return localeFromAcceptLanguage(req.headers['accept-language']);
}

/** Keeps a language picked with ?lang= for the next pages. */
export function rememberChosenLocale(req: Request, res: Response, cookies: Cookies): void {
  const chosen = req.query.lang;
  if (isSupportedLocale(chosen) && chosen !== cookies.read(req, cookies.names.locale)) {
    cookies.set(res, cookies.names.locale, chosen, LOCALE_COOKIE_SECONDS);
  }
}

/** The address of this page in another language: same path and query, other ?lang=. */
export function urlInLocale(currentUrl: string, locale: string): string {
  const url = new URL(currentUrl, 'http://x');
  url.searchParams.set('lang', locale);
  return `${url.pathname}${url.search}`;
}
