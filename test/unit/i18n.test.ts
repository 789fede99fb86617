import { describe, expect, it } from 'vitest';
import { en, type MessageKey } from '../../shared/i18n/en.ts';
import { CATALOGS, ERROR_CATALOGS, errorMessage, localeFromAcceptLanguage, translator } from '../../shared/i18n/index.ts';
import { ERRORS, type ErrorId } from '../../shared/errors.ts';

// Every text a person can see exists in English, Swedish and Dutch. Adding an English key or an
// error code without translating it fails here (and in the type check).

const TRANSLATED = ['sv', 'nl'] as const;
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  for (const locale of TRANSLATED) {
    it(`${locale}: every English key has a text with the same placeholders`, () => {
      const catalog = CATALOGS[locale]!;
      for (const key of Object.keys(en) as MessageKey[]) {
        const text = catalog[key];
        expect(text, `${locale} ${key}`).toBeTruthy();
        expect(text!.trim(), `${locale} ${key}`).toBe(text);
        expect(placeholders(text!), `${locale} ${key}`).toEqual(placeholders(en[key]));
      }
      expect(Object.keys(catalog).sort()).toEqual(Object.keys(en).sort());
    });

    it(`${locale}: every error code has a message of its own`, () => {
      for (const [id, definition] of Object.entries(ERRORS)) {
        const text = ERROR_CATALOGS[locale]?.[definition.code];
        expect(text, `${locale} ${definition.code}`).toBeTruthy();
        expect(text, `${locale} ${definition.code}`).not.toBe(definition.message);
        expect(errorMessage(locale, id as ErrorId)).toBe(text);
      }
    });
  }

  it('uses the product words of the Swedish and Dutch help articles', () => {
    const sv = translator('sv');
    const nl = translator('nl');
    expect([sv('tv.signIn'), sv('tv.signInFromWeb'), sv('common.continue'), sv('confirm.startWatching'), sv('signIn.showPassword')])
      .toEqual(['Logga in', 'Logga in från webben', 'Fortsätt', 'Börja titta', 'Visa lösenord']);
    expect([nl('tv.signIn'), nl('tv.signInFromWeb'), nl('common.continue'), nl('confirm.startWatching'), nl('signIn.showPassword')])
      .toEqual(['Inloggen', 'Inloggen via internet', 'Doorgaan', 'Begin met kijken', 'Wachtwoord weergeven']);
  });

  it('falls back to English for an unknown language, and picks from Accept-Language', () => {
    expect(translator('xx')('common.continue')).toBe('Continue');
    expect(errorMessage('xx', 'code_not_found')).toBe(ERRORS.code_not_found.message);
    expect(localeFromAcceptLanguage('sv-SE,sv;q=0.9,en;q=0.8')).toBe('sv');
    expect(localeFromAcceptLanguage('de-DE, nl-BE;q=0.5')).toBe('nl');
    expect(localeFromAcceptLanguage('constructor')).toBe('en');
  });
});
