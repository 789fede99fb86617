import { html } from '../html.ts';
import { layout, type PageContext } from '../layout.ts';

/** After Email Me: the same page whether or not the address has an account. */
export function emailSentPage(ctx: PageContext, options: { email: string; from: string }): string {
  const { t } = ctx;
  return layout(ctx, t('loginhelp.sentTitle'), html`
<p class="notice" role="status">${t('loginhelp.sent', { email: options.email })}</p>
<p>${t('loginhelp.sentLinkRules')}</p>
<h2>${t('loginhelp.notReceivedTitle')}</h2>
<p>${t('loginhelp.notReceived', { from: options.from })}</p>
<p><a href="/loginhelp?method=email">${t('loginhelp.sendAgain')}</a></p>`);
}
