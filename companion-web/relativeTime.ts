import { html, type SafeHtml } from './html.ts';

// Times as a person says them, in the page's language: "2 minutes ago", "för 3 timmar sedan",
// "gisteren". The server does not know the reader's time zone, and a relative time needs none;
// the exact instant stays in the <time> element for anyone who wants it.

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['week', 7 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
  ['second', 1000],
];

export function relativeTime(locale: string, thenMs: number, nowMs: number): string {
  const elapsed = thenMs - nowMs;
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(elapsed) >= size || unit === 'second') {
      // Under a minute reads as "now" rather than a ticking number of seconds.
      if (unit === 'second') return format.format(0, 'second');
      return format.format(Math.round(elapsed / size), unit);
    }
  }
  return format.format(0, 'second');
}

/** A <time> element showing the relative time, with the exact instant in its attributes. */
export function timeAgo(locale: string, thenMs: number, nowMs: number): SafeHtml {
  const iso = new Date(thenMs).toISOString();
  return html`<time datetime="${iso}" title="${iso.replace('T', ' ').slice(0, 16)} UTC">${relativeTime(locale, thenMs, nowMs)}</time>`;
}
