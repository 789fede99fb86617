import { isSupportedLocale, localeFromAcceptLanguage } from '../../shared/i18n/index.ts';

// The TV's language: ?lang= (set by the device's launcher), then the viewer's choice in the
// Language menu (kept on the TV), then the device's language setting.

const LOCALE_KEY = 'tv.locale';

export function tvLocale(): string {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  if (isSupportedLocale(fromUrl)) return fromUrl;
  const chosen = localStorage.getItem(LOCALE_KEY);
  if (isSupportedLocale(chosen)) return chosen;
  return localeFromAcceptLanguage(navigator.languages.join(','));
}

/** Keeps the viewer's choice and restarts the app in that language. */
export function chooseLocale(locale: string): void {
  localStorage.setItem(LOCALE_KEY, locale);
  const url = new URL(location.href);
  url.searchParams.delete('lang');
  location.replace(url.toString());
}
