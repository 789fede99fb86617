import { html } from '../html.ts';
import { layout, type PageContext } from '../layout.ts';
import type { OutboxEntry } from '../ports.ts';

/** Development only: the email and text messages the server would have sent, newest first. */
export function devOutboxPage(ctx: PageContext, options: { entries: OutboxEntry[] }): string {
  const { t } = ctx;
  const linkify = (text: string) =>
    text.split(/(https?:\/\/\S+)/).map((part, i) => (i % 2 ? html`<a href="${part}">${part}</a>` : part));
  const items = options.entries.map((entry) => html`<article class="notice">
  <p><strong>${entry.kind === 'email' ? '✉' : '✆'} ${entry.to}</strong> · ${new Date(entry.at).toISOString()}</p>
  ${entry.subject ? html`<p><strong>${entry.subject}</strong></p>` : null}
  <pre class="message">${linkify(entry.text)}</pre>
</article>`);
  return layout(ctx, t('outbox.title'), html`<p>${t('outbox.intro')}</p>${items.length ? items : html`<p>${t('outbox.empty')}</p>`}`);
}
