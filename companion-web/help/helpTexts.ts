import { isSupportedLocale } from '../../shared/i18n/index.ts';
import type { ErrorCode } from '../../shared/errors.ts';
import { HELP_TOPICS, type HelpTexts, type TopicText } from './topics.ts';
import { enHelp } from './en.ts';
import { svHelp } from './sv.ts';
import { nlHelp } from './nl.ts';

/** Help texts by locale; a language without its own help falls back to English. */
export const HELP_TEXTS: Record<string, HelpTexts> = { en: enHelp, sv: svHelp, nl: nlHelp };

/** What this deployment's help says in numbers: `{minutes}` is how long an SMS code works. */
export interface HelpFacts {
  smsCodeMinutes: number;
}

/** The help article's own promise (SMS_CODE_LIFETIME_SECONDS' default), for callers without settings. */
const ARTICLE_FACTS: HelpFacts = { smsCodeMinutes: 20 };

/** What to do about an error, in order, in the given language, with this deployment's numbers. */
export function helpFor(locale: string, code: ErrorCode, facts: HelpFacts = ARTICLE_FACTS): TopicText[] {
  const texts = (isSupportedLocale(locale) ? HELP_TEXTS[locale] : undefined) ?? enHelp;
  const fill = (step: string) => step.replaceAll('{minutes}', String(facts.smsCodeMinutes));
  return HELP_TOPICS[code].map((topic) => ({ heading: texts[topic].heading, steps: texts[topic].steps.map(fill) }));
}
