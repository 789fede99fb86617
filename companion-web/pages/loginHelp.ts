import { html } from '../html.ts';
import { csrfField, errorBox, layout, type PageContext } from '../layout.ts';

export type ResetMethod = 'email' | 'sms';

/** /loginhelp: choose Email or Text Message (SMS), enter the address or number, Email Me / Text Me. */
export function loginHelpPage(
  ctx: PageContext,
  options: { method: ResetMethod; value?: string; error?: { code: string; message: string }; billingRecovery: boolean },
): string {
  const { t } = ctx;
  const choice = (method: ResetMethod, label: string) =>
    method === options.method
      ? html`<strong aria-current="true">${label}</strong>`
      : html`<a href="/loginhelp?method=${method}">${label}</a>`;
  const form = options.method === 'email'
    ? html`<p>${t('loginhelp.emailIntro')}</p>
<form method="post" action="/loginhelp/email">
  ${csrfField(ctx)}
  <label for="email">${t('loginhelp.emailLabel')}</label>
  <input id="email" name="email" type="email" value="${options.value ?? ''}" required maxlength="254" autocomplete="email" autocapitalize="none" spellcheck="false" autofocus>
  <button type="submit">${t('loginhelp.emailMe')}</button>
</form>`
    : html`<p>${t('loginhelp.smsIntro')}</p>
<form method="post" action="/loginhelp/sms">
  ${csrfField(ctx)}
  <label for="phone">${t('loginhelp.phoneLabel')}</label>
  <input id="phone" name="phone" type="tel" value="${options.value ?? ''}" required maxlength="32" autocomplete="tel" placeholder="+46 70 123 45 67" autofocus>
  <button type="submit">${t('loginhelp.textMe')}</button>
</form>
<p class="hint">${t('loginhelp.noPhone')} <a href="/loginhelp?method=email">${t('loginhelp.chooseEmail')}</a></p>`;
  return layout(ctx, t('loginhelp.title'), html`
${errorBox(ctx, options.error)}
<p>${t('loginhelp.how')}</p>
<p class="choices">${choice('email', t('loginhelp.chooseEmail'))} · ${choice('sms', t('loginhelp.chooseSms'))}</p>
${form}
${options.billingRecovery ? html`<p><a href="/loginhelp/recover">${t('loginhelp.forgotLogin')}</a></p>` : null}
<h2>${t('loginhelp.linkTroubleTitle')}</h2>
<p>${t('loginhelp.linkTrouble')}</p>`);
}
