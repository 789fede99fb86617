import { html } from '../html.ts';
import { csrfField, errorBox, layout, type PageContext } from '../layout.ts';

/** Sign-in with email or phone number and password; returns to `next` afterwards. */
export function signInPage(ctx: PageContext, options: { next: string; login?: string; error?: { code: string; message: string } }): string {
  const { t } = ctx;
  return layout(ctx, t('signIn.title'), html`
<p>${t('signIn.intro')}</p>
${errorBox(ctx, options.error)}
<form method="post" action="/login">
  ${csrfField(ctx)}
  <input type="hidden" name="next" value="${options.next}">
  <label for="login">${t('signIn.loginLabel')}</label>
  <input id="login" name="login" type="text" value="${options.login ?? ''}" required maxlength="254"
    autocomplete="username" autocapitalize="none" spellcheck="false" ${options.login ? '' : 'autofocus'}>
  <label for="password">${t('signIn.passwordLabel')}</label>
  <input id="password" name="password" type="password" required maxlength="256" autocomplete="current-password" ${options.login ? 'autofocus' : ''}>
  <label class="checkbox"><input type="checkbox" id="show-password" data-show-password="password"> ${t('signIn.showPassword')}</label>
  <button type="submit">${t('common.signIn')}</button>
</form>
<p><a href="/loginhelp">${t('signIn.forgot')}</a></p>`, { script: '/static/show-password.js' });
}
