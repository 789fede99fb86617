import { html } from '../html.ts';
import { csrfField, errorBox, layout, supportLink, type PageContext } from '../layout.ts';

/** "I don't remember my email or phone": first name, last name and card number, Find Account. */
export function recoverAccountPage(ctx: PageContext, options: { firstName?: string; lastName?: string; error?: { code: string; message: string } }): string {
  const { t } = ctx;
  return layout(ctx, t('recover.title'), html`
<p>${t('recover.intro')}</p>
${errorBox(ctx, options.error)}
<form method="post" action="/loginhelp/recover">
  ${csrfField(ctx)}
  <label for="firstName">${t('recover.firstName')}</label>
  <input id="firstName" name="firstName" type="text" value="${options.firstName ?? ''}" required maxlength="100" autocomplete="given-name">
  <label for="lastName">${t('recover.lastName')}</label>
  <input id="lastName" name="lastName" type="text" value="${options.lastName ?? ''}" required maxlength="100" autocomplete="family-name">
  <label for="card">${t('recover.card')}</label>
  <input id="card" name="card" type="text" inputmode="numeric" required maxlength="40" autocomplete="off">
  <p class="hint">${t('recover.cardHint')}</p>
  <button type="submit">${t('recover.find')}</button>
</form>
<h2>${t('recover.otherBillingTitle')}</h2>
<p>${t('recover.otherBilling')}</p>
<p>${supportLink(ctx, 'button secondary')}</p>`);
}
