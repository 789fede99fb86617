import { html } from '../html.ts';
import { layout, type PageContext } from '../layout.ts';

/**
 * After Start Watching. The page says the TV is signed in only once the TV confirmed it got its
 * token. With JavaScript it asks /tv8/status; without, it reloads itself every few seconds.
 */
export function donePage(ctx: PageContext, options: { userCode: string; received: boolean; gaveUp: boolean; tvLeft: boolean }): string {
  const { t } = ctx;
  const status = options.received ? t('done.received') : options.tvLeft ? t('done.tvLeft') : options.gaveUp ? t('done.notReceived') : t('done.waiting');
  // The heading tells the outcome too, so "signing in" never stays above "signed in".
  const title = options.received ? t('done.titleSignedIn') : options.tvLeft ? t('done.titleTvLeft') : t('done.title');
  const settled = options.received || options.gaveUp || options.tvLeft;
  const refresh = settled ? null : html`<meta http-equiv="refresh" content="3">`;
  return layout(ctx, title, html`
<p id="tv-status" class="notice" role="status" aria-live="polite" data-code="${options.userCode}"
  data-received="${t('done.received')}" data-not-received="${t('done.notReceived')}" data-tv-left="${t('done.tvLeft')}"
  data-title-received="${t('done.titleSignedIn')}" data-title-tv-left="${t('done.titleTvLeft')}">${status}</p>
<p><a href="/">${t('home.title')}</a></p>`, { head: refresh ?? undefined, script: settled ? undefined : '/static/done.js' });
}

export function deniedPage(ctx: PageContext): string {
  const { t } = ctx;
  return layout(ctx, t('denied.title'), html`<p>${t('denied.body')}</p><p><a href="/tv8">${t('tv8.title')}</a></p>`);
}
