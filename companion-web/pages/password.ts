import { html } from '../html.ts';
import { csrfField, errorBox, layout, type PageContext } from '../layout.ts';

/**
 * /password. "change": signed in normally, the current password is asked. "reset": signed in by
 * a reset link or SMS code a moment ago, so only the new password is asked.
 */
export function passwordPage(ctx: PageContext, options: { mode: 'change' | 'reset'; signOutDevices: boolean; error?: { code: string; message: string } }): string {
  const { t } = ctx;
  const reset = options.mode === 'reset';
  return layout(ctx, reset ? t('password.resetTitle') : t('password.title'), html`
${reset ? html`<p>${t('password.resetIntro')}</p>` : null}
${errorBox(ctx, options.error)}
<form method="post" action="/password">
  ${csrfField(ctx)}
  ${reset ? null : html`<label for="current">${t('password.current')}</label>
  <input id="current" name="current" type="password" required maxlength="256" autocomplete="current-password" autofocus>`}
  <label for="new">${t('password.new')}</label>
  <input id="new" name="new" type="password" required minlength="8" maxlength="256" autocomplete="new-password" ${reset ? 'autofocus' : ''}>
  <label for="confirm">${t('password.confirm')}</label>
  <input id="confirm" name="confirm" type="password" required minlength="8" maxlength="256" autocomplete="new-password">
  <p class="hint">${t('password.rules')}</p>
  <label class="checkbox"><input type="checkbox" id="show-password" data-show-password="new confirm"> ${t('signIn.showPassword')}</label>
  <label class="checkbox"><input type="checkbox" name="signOutDevices" value="1" ${options.signOutDevices ? 'checked' : ''}> ${t('password.signOutDevices')}</label>
  <button type="submit">${t('password.save')}</button>
</form>
${reset ? null : html`<p><a href="/loginhelp">${t('password.forgot')}</a></p>`}`, { script: '/static/show-password.js' });
}
