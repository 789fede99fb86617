import { html } from '../html.ts';
import { layout, type PageContext } from '../layout.ts';

/** The start page: who is signed in, and the way to sign in a TV. */
export function homePage(ctx: PageContext, options: { notice?: string }): string {
  const { t, account } = ctx;
  return layout(ctx, t('home.title'), html`
${options.notice ? html`<p class="notice" role="status">${options.notice}</p>` : null}
${account ? html`<p>${t('home.signedInAs', { name: account.name })}</p><p><a href="/account">${t('account.link')}</a> · <a href="/account/devices">${t('devices.link')}</a></p>` : html`<p>${t('home.notSignedIn')}</p><a class="button" href="/login">${t('common.signIn')}</a>`}
<a class="button" href="/tv8">${t('home.signInTv')}</a>`);
}
