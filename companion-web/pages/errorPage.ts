import { html } from '../html.ts';
import { errorBox, layout, type PageContext } from '../layout.ts';

/** Any error shown as a page: the message, its code, and a way on. */
export function errorPage(ctx: PageContext, error: { code: string; message: string }): string {
  return layout(ctx, ctx.t('app.name'), html`${errorBox(ctx, error)}<p><a href="/">${ctx.t('common.back')}</a></p>`);
}
