import { en, type MessageKey, type Messages } from './en.ts';
import { sv } from './sv.ts';
import { nl } from './nl.ts';
import { svErrors } from './sv.errors.ts';
import { nlErrors } from './nl.errors.ts';
import { ERRORS, type ErrorCode, type ErrorId } from '../errors.ts';

// Languages of the interface. Adding one: a catalog like sv.ts, its error texts like
// sv.errors.ts (both typed as full records, so nothing can be left untranslated), an entry in
// CATALOGS, ERROR_CATALOGS and LOCALE_NAMES, and help texts (companion-web/help/).

export const CATALOGS: Record<string, Partial<Messages>> = { en, sv, nl };
export type Locale = keyof typeof CATALOGS & string;
export const DEFAULT_LOCALE = 'en';

/** Error texts by stable code; English comes from shared/errors.ts itself. */
export const ERROR_CATALOGS: Record<string, Partial<Record<ErrorCode, string>>> = { sv: svErrors, nl: nlErrors };

/** Each language named in itself, for the language switchers. */
export const LOCALE_NAMES: Record<string, string> = { en: 'English', sv: 'Svenska', nl: 'Nederlands' };

export function isSupportedLocale(value: unknown): value is string {
  return typeof value === 'string' && Object.hasOwn(CATALOGS, value);
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(locale: string): Translate {
  const catalog = (isSupportedLocale(locale) ? CATALOGS[locale] : undefined) ?? en;
  return (key, params) => {
    const template = catalog[key] ?? en[key];
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (params && name in params ? String(params[name]) : whole));
  };
}

/** The best supported locale for an Accept-Language header. */
export function localeFromAcceptLanguage(header: string | undefined): string {
  if (!header) return DEFAULT_LOCALE;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .filter((entry) => entry.tag && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const base = tag.split('-')[0] ?? '';
    if (isSupportedLocale(base)) return base;
  }
  return DEFAULT_LOCALE;
}

/** Error text for a person, in their language (English where a text is missing). */
export function errorMessage(locale: string, id: ErrorId): string {
  const definition = ERRORS[id];
  const translated = isSupportedLocale(locale) ? ERROR_CATALOGS[locale]?.[definition.code] : undefined;
  return translated ?? definition.message;
}
