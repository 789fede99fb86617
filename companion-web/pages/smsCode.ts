import { html } from '../html.ts';
import { csrfField, errorBox, layout, type PageContext } from '../layout.ts';

/** After Text Me: enter the verification code. The same page whether or not the number has an account. */
export function smsCodePage(ctx: PageContext, options: { phone: string; minutes: number; error?: { code: string; message: string } }): string {
  const { t } = ctx;
  return layout(ctx, t('loginhelp.codeTitle'), html`
${errorBox(ctx, options.error)}
<p class="notice" role="status">${t('loginhelp.codeSent', { phone: options.phone, minutes: options.minutes })}</p>
<form method="post" action="/loginhelp/sms/verify">
  ${csrfField(ctx)}
  <input type="hidden" name="phone" value="${options.phone}">
  <label for="code">${t('loginhelp.codeLabel')}</label>
  <input id="code" name="code" type="text" inputmode="numeric" pattern="[0-9 ]*" maxlength="12" required autocomplete="one-time-code" autofocus>
  <button type="submit">${t('common.continue')}</button>
</form>
<p class="hint">${t('loginhelp.noPhone')} <a href="/loginhelp?method=email">${t('loginhelp.chooseEmail')}</a></p>
<p><a href="/loginhelp?method=sms">${t('loginhelp.sendNewCode')}</a></p>`);
}
