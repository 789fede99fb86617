import { html } from '../html.ts';
import { layout, type PageContext } from '../layout.ts';

/** A short page that only tells something (a request went through), with a way on. */
export function noticePage(ctx: PageContext, options: { title: string; message: string; next: { href: string; label: string } }): string {
  return layout(ctx, options.title, html`
<p class="notice" role="status">${options.message}</p>
<p><a href="${options.next.href}">${options.next.label}</a></p>`);
}
