import { describe, expect, it } from 'vitest';
import { ERRORS } from '../../shared/errors.ts';
import { HELP_TEXTS, helpFor } from '../../companion-web/help/helpTexts.ts';
import { HELP_TOPICS, type HelpTopic } from '../../companion-web/help/topics.ts';

// Every error code a person can see has help — what to do — in English, Swedish and Dutch.

describe('help texts', () => {
  it('has steps for every error code in all three languages', () => {
    for (const { code } of Object.values(ERRORS)) {
      expect(HELP_TOPICS[code]?.length, code).toBeGreaterThan(0);
      for (const locale of ['en', 'sv', 'nl']) {
        const topics = helpFor(locale, code);
        for (const topic of topics) {
          expect(topic.heading, `${locale} ${code}`).toBeTruthy();
          expect(topic.steps.length, `${locale} ${code}`).toBeGreaterThan(0);
          for (const step of topic.steps) expect(step.trim().length, `${locale} ${code}`).toBeGreaterThan(5);
        }
      }
    }
  });

  it('translates every topic (no English left in Swedish or Dutch)', () => {
    for (const locale of ['sv', 'nl']) {
      for (const [topic, text] of Object.entries(HELP_TEXTS.en!)) {
        const translated = HELP_TEXTS[locale]![topic as HelpTopic];
        expect(translated.heading, `${locale} ${topic}`).not.toBe(text.heading);
        expect(translated.steps.length, `${locale} ${topic}`).toBe(text.steps.length);
      }
    }
  });
});
