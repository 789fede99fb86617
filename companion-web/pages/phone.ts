import { html } from '../html.ts';
import { csrfField, errorBox, layout, type PageContext } from '../layout.ts';

/**
 * Add or change the account's phone number (used for SMS password resets). The number can reset
 * the password, so the form asks for the current password; the number is saved only once the
 * code texted to it is typed on phoneCodePage.
 */
export function phonePage(ctx: PageContext, options: { phone?: string; error?: { code: string; message: string } }): string {
  const { t } = ctx;
  return layout(ctx, t('phone.title'), html`
<p>${t('phone.intro')}</p>
<p>${t('phone.passwordHint')}</p>
${errorBox(ctx, options.error)}
<form method="post" action="/account/phone">
  ${csrfField(ctx)}
  <label for="phone">${t('phone.label')}</label>
  <input id="phone" name="phone" type="tel" value="${options.phone ?? ''}" required maxlength="32" autocomplete="tel" placeholder="+46 70 123 45 67" autofocus>
  <label for="password">${t('phone.passwordLabel')}</label>
  <input id="password" name="password" type="password" required maxlength="256" autocomplete="current-password">
  <button type="submit">${t('phone.sendCode')}</button>
</form>
<p><a href="/account">${t('common.back')}</a></p>`);
}

/** The code texted to the new number; `phone` is shown masked. */
export function phoneCodePage(ctx: PageContext, options: { phone: string; minutes: number; error?: { code: string; message: string } }): string {
  const { t } = ctx;
  return layout(ctx, t('phone.codeTitle'), html`
<p>${t('phone.codeIntro', { phone: options.phone, minutes: String(options.minutes) })}</p>
${errorBox(ctx, options.error)}
<form method="post" action="/account/phone/confirm">
  ${csrfField(ctx)}
  <label for="code">${t('phone.codeLabel')}</label>
  <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required maxlength="12" autofocus>
  <button type="submit">${t('phone.confirm')}</button>
</form>
<p><a href="/account/phone">${t('phone.sendCode')}</a> · <a href="/account">${t('common.back')}</a></p>`);
}
