import { html } from '../html.ts';
import { csrfField, layout, type PageContext } from '../layout.ts';
import type { Account, Profile } from '../ports.ts';
import { devicesSection, type DeviceRow, type ThisBrowser } from './devices.ts';

/** The Account page: email, phone number (add/change), password (not for Kids), profile, billing, signed-in devices. */
export function accountPage(ctx: PageContext, options: { account: Account; profile: Profile; devices: DeviceRow[]; thisBrowser: ThisBrowser; notice?: string }): string {
  const { t } = ctx;
  const { account, profile } = options;
  const billing = account.billing;
  return layout(ctx, t('account.title'), html`
${options.notice ? html`<p class="notice" role="status">${options.notice}</p>` : null}
<dl class="device">
  <dt>${t('account.profile')}</dt><dd>${profile.name}${profile.kids ? html` (${t('profiles.kids')})` : null} · <a href="/profiles">${t('account.switchProfile')}</a></dd>
  <dt>${t('account.email')}</dt><dd>${account.email ?? '–'}</dd>
  <dt>${t('account.phone')}</dt><dd>${account.phone ?? t('account.noPhone')}${profile.kids ? null : html` · <a href="/account/phone">${account.phone ? t('account.changePhone') : t('account.addPhone')}</a>`}</dd>
  <dt>${t('account.password')}</dt><dd>${profile.kids ? t('account.kidsNoPassword') : html`<a href="/password">${t('account.changePassword')}</a>`}</dd>
  ${billing ? html`<dt>${t('account.billing')}</dt><dd>${
    billing.method === 'card' ? t('account.billingCard', { last4: billing.cardLast4 ?? '' }) : billing.method === 'third_party' ? t('account.billingThirdParty') : t('account.billingOther')
  }</dd>` : null}
</dl>
<section id="devices" aria-labelledby="devices-title">
<h2 id="devices-title"><a href="/account/devices">${t('devices.title')}</a></h2>
${devicesSection(ctx, options.devices, options.thisBrowser)}
</section>
<form method="post" action="/logout">${csrfField(ctx)}<button type="submit" class="secondary">${t('common.signOut')}</button></form>`);
}
