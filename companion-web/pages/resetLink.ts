import { html } from '../html.ts';
import { csrfField, layout, type PageContext } from '../layout.ts';

/**
 * What the emailed reset link opens: a button, not a sign-in. Mail scanners (Outlook Safe Links and
 * the like) fetch every link in a message; a GET that redeemed the link would burn it and hand the
 * scanner a session. Only the person's press (a POST with the CSRF token) uses the link.
 */
export function resetLinkPage(ctx: PageContext, options: { token: string }): string {
  const { t } = ctx;
  return layout(ctx, t('loginhelp.resetTitle'), html`
<p>${t('loginhelp.resetIntro')}</p>
<form method="post" action="/loginhelp/reset">
  ${csrfField(ctx)}
  <input type="hidden" name="token" value="${options.token}">
  <button type="submit">${t('loginhelp.resetContinue')}</button>
</form>`);
}
