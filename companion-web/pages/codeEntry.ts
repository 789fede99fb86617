import { html } from '../html.ts';
import { csrfField, errorBox, layout, type PageContext } from '../layout.ts';

/** /tv8: type (or check, after scanning the QR code) the code shown on the TV. */
export function codeEntryPage(ctx: PageContext, options: { code?: string; error?: { code: string; message: string } }): string {
  const { t } = ctx;
  return layout(ctx, t('tv8.title'), html`
<p>${t('tv8.intro')}</p>
${errorBox(ctx, options.error)}
<form method="post" action="/tv8">
  ${csrfField(ctx)}
  <label for="code">${t('tv8.codeLabel')}</label>
  <input id="code" name="code" class="code" type="text" value="${options.code ?? ''}" required maxlength="20"
    autocomplete="one-time-code" autocapitalize="characters" autocorrect="off" spellcheck="false" inputmode="text"
    aria-describedby="code-hint" ${options.code ? '' : 'autofocus'}>
  <p class="hint" id="code-hint">${t('tv8.codeHint')}</p>
  <button type="submit">${t('common.continue')}</button>
</form>`);
}
