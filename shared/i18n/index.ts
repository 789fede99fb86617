import { en, type MessageKey, type Messages } from './en.ts';
import { ERRORS, type ErrorId } from '../errors.ts';

// Languages of the interface. Adding one: a file like en.ts (Partial<Messages> is fine: missing
// keys fall back to English) and an entry in CATALOGS.

export const CATALOGS: Record<string, Partial<Messages>> = { en };
export type Locale = keyof typeof CATALOGS & string;
export const DEFAULT_LOCALE = 'en';

export function supportedLocales(): string[] {
  return Object.keys(CATALOGS);
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(locale: string): Translate {
  const catalog = CATALOGS[locale] ?? en;
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
    if (CATALOGS[base]) return base;
  }
  return DEFAULT_LOCALE;
}

/** Error text for a person, in their language (English until translated). */
export function errorMessage(_locale: string, id: ErrorId): string {
  return ERRORS[id].message;
}
