import { isSupportedLocale } from '../../shared/i18n/index.ts';
import type { ErrorCode } from '../../shared/errors.ts';
import { HELP_TOPICS, type HelpTexts, type TopicText } from './topics.ts';
import { enHelp } from './en.ts';
import { svHelp } from './sv.ts';
import { nlHelp } from './nl.ts';

/** Help texts by locale; a language without its own help falls back to English. */
export const HELP_TEXTS: Record<string, HelpTexts> = { en: enHelp, sv: svHelp, nl: nlHelp };

/** What to do about an error, in order, in the given language. */
export function helpFor(locale: string, code: ErrorCode): TopicText[] {
  const texts = (isSupportedLocale(locale) ? HELP_TEXTS[locale] : undefined) ?? enHelp;
  return HELP_TOPICS[code].map((topic) => texts[topic]);
}
