import { html } from '../html.ts';
import { layout, needsSupport, supportLink, visibleError, type PageContext } from '../layout.ts';
import { ERRORS, type ErrorId } from '../../shared/errors.ts';
import { helpFor, type HelpFacts } from '../help/helpTexts.ts';

/** /help/<code>: the message again, then what to do, step by step. */
export function helpPage(ctx: PageContext, id: ErrorId, facts?: HelpFacts): string {
  const { t } = ctx;
  const error = visibleError(ctx, id);
  const topics = helpFor(ctx.locale, ERRORS[id].code, facts);
  return layout(ctx, t('help.title', { code: error.code }), html`
<p class="notice" data-testid="help-message">${error.message}</p>
${topics.map((topic) => html`<section class="help-topic"><h2>${topic.heading}</h2><ol>${topic.steps.map((step) => html`<li>${step}</li>`)}</ol></section>`)}
${needsSupport(error.code) ? html`<p>${supportLink(ctx, 'button')}</p>` : null}
<p><a href="/help">${t('help.allCodes')}</a> · <a href="/tv8">${t('tv8.title')}</a></p>`);
}

/** /help: every error code with its message, each linking to its help page. */
export function helpIndexPage(ctx: PageContext): string {
  const { t } = ctx;
  const rows = (Object.keys(ERRORS) as ErrorId[]).map((id) => {
    const error = visibleError(ctx, id);
    return html`<li><a href="/help/${error.code}">${error.code}</a> — ${error.message}</li>`;
  });
  return layout(ctx, t('help.allCodes'), html`<ul class="help-index">${rows}</ul>`);
}
