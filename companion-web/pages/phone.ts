import { html } from '../html.ts';
import { csrfField, errorBox, layout, type PageContext } from '../layout.ts';

/** Add or change the account's phone number (used for SMS password resets). */
export function phonePage(ctx: PageContext, options: { phone?: string; error?: { code: string; message: string } }): string {
  const { t } = ctx;
  return layout(ctx, t('phone.title'), html`
<p>${t('phone.intro')}</p>
${errorBox(ctx, options.error)}
<form method="post" action="/account/phone">
  ${csrfField(ctx)}
  <label for="phone">${t('phone.label')}</label>
  <input id="phone" name="phone" type="tel" value="${options.phone ?? ''}" required maxlength="32" autocomplete="tel" placeholder="+46 70 123 45 67" autofocus>
  <button type="submit">${t('phone.save')}</button>
</form>
<p><a href="/account">${t('common.back')}</a></p>`);
}
