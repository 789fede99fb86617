import { html, type SafeHtml } from '../html.ts';
import { layout, type PageContext } from '../layout.ts';
import type { Settings } from '../ports.ts';

/**
 * /support: how to reach a person, and what to try first. Without a configured contact it does
 * not say "tell us" (there would be no way to); it gives the ways that need nobody. The contact comes from the
 * deployment (SUPPORT_EMAIL, SUPPORT_URL); whatever is set, someone billed through a provider is
 * told that the provider knows the account's email or phone, which is the way back in that needs
 * no one's help.
 */
export function supportPage(ctx: PageContext, settings: Pick<Settings, 'supportUrl' | 'supportEmail' | 'billingRecovery'>): string {
  const { t } = ctx;
  const email = settings.supportEmail;
  return layout(ctx, t('support.title'), html`
<p>${email || settings.supportUrl ? t('support.intro') : t('support.introSelfHelp')}</p>
${email ? html`<p data-testid="support-email">${withLink(t('support.email'), '{email}', html`<a href="mailto:${email}">${email}</a>`)}</p>` : null}
${settings.supportUrl ? html`<p><a class="button" href="${settings.supportUrl}" rel="noopener">${t('support.site')}</a></p>` : null}
<p data-testid="support-provider">${t('support.provider')}</p>
<h2>${t('support.selfHelpTitle')}</h2>
<ul class="support-links">
  <li><a href="/loginhelp">${t('support.forgotPassword')}</a></li>
  ${settings.billingRecovery ? html`<li><a href="/loginhelp/recover">${t('support.findAccount')}</a></li>` : null}
  <li><a href="/help">${t('support.errorCodes')}</a></li>
  <li><a href="/clearcookies">${t('support.clearCookies')}</a></li>
</ul>`);
}

/** A translated sentence with a link where its placeholder was (the sentence itself is escaped). */
function withLink(sentence: string, placeholder: string, link: SafeHtml): SafeHtml {
  const [before, after] = sentence.split(placeholder);
  return html`${before}${link}${after ?? ''}`;
}
