import { html, type SafeHtml } from '../html.ts';
import { csrfField, layout, type PageContext } from '../layout.ts';
import { timeAgo } from '../relativeTime.ts';
import type { DeviceSession } from '../ports.ts';

// The account owner's signed-in devices, each with Sign out, and Sign out of all devices.
// Plain POST forms with CSRF tokens, so it works without JavaScript.

export interface DeviceRow {
  session: DeviceSession;
  /** The registered name of the app that signed the device in. */
  clientName: string;
}


/** The device list with its forms; the Account page can embed it. */
export function devicesSection(ctx: PageContext, rows: DeviceRow[]): SafeHtml {
  const { t } = ctx;
  if (!rows.length) return html`<p data-testid="no-devices">${t('devices.none')}</p>`;
  return html`
<ul class="devices">
${rows.map(({ session, clientName }) => {
  const name = [session.deviceName, session.deviceModel].filter(Boolean).join(' · ') || t('devices.unnamed');
  return html`<li data-testid="device">
  <p class="device-name"><strong>${name}</strong></p>
  <dl class="device">
    <dt>${t('devices.signedInAt')}</dt><dd>${timeAgo(ctx.locale, session.signedInAt, ctx.now)}</dd>
    <dt>${t('devices.lastSeen')}</dt><dd>${timeAgo(ctx.locale, session.lastSeenAt, ctx.now)}</dd>
    <dt>${t('devices.app')}</dt><dd>${clientName}</dd>
  </dl>
  <form method="post" action="/account/devices/sign-out">
    ${csrfField(ctx)}
    <input type="hidden" name="device" value="${session.id}">
    <button type="submit" class="secondary" aria-label="${t('devices.signOutLabel', { device: name })}">${t('devices.signOut')}</button>
  </form>
</li>`;
})}
</ul>
<p><a class="button secondary" href="/account/devices/sign-out-all">${t('devices.signOutAll')}</a></p>`;
}

export function devicesPage(ctx: PageContext, options: { rows: DeviceRow[]; notice?: string }): string {
  const { t } = ctx;
  return layout(ctx, t('devices.title'), html`
${options.notice ? html`<p class="notice" role="status">${options.notice}</p>` : null}
<p>${t('devices.intro')}</p>
${devicesSection(ctx, options.rows)}`);
}

/** "Sign out of all devices" asks first: every TV in the house stops playing. */
export function signOutAllPage(ctx: PageContext, options: { count: number }): string {
  const { t } = ctx;
  return layout(ctx, t('devices.signOutAllTitle'), html`
<p>${t('devices.signOutAllQuestion', { count: options.count })}</p>
<form method="post" action="/account/devices/sign-out-all">
  ${csrfField(ctx)}
  <button type="submit" class="danger">${t('devices.signOutAllConfirm')}</button>
</form>
<p><a class="button secondary" href="/account/devices">${t('devices.keepSignedIn')}</a></p>`);
}
