import { html, type SafeHtml } from '../html.ts';
import { csrfField, layout, type PageContext } from '../layout.ts';
import { timeAgo } from '../relativeTime.ts';
import type { DeviceSession } from '../ports.ts';

// The account owner's signed-in devices, each with Sign out, and Sign out of all devices.
// Plain POST forms with CSRF tokens, so it works without JavaScript.
//
// What tells seven TVs apart: name and model, when each signed in and was last used (relative, in
// the page's language), and whether it was last seen on the network of the person reading the page
// ("this network") or elsewhere. Never an address: the page may be read by anyone signed in to the
// account, and the other devices' addresses are other people's. The list is of devices signed in
// with a code or the remote (OAuth device sessions); this browser is shown first, marked, with
// what signing it out means, so nobody looks for it among the TVs.

export interface DeviceRow {
  session: DeviceSession;
  /** The registered name of the app that signed the device in; null: our TV app (said in the page's language). */
  clientName: string | null;
  /** Last seen on the reader's network, on another one, or not known (signed in before we kept it). */
  network: 'this' | 'other' | 'unknown';
}

/** The browser the page is read in. */
export interface ThisBrowser {
  signedInAt: number;
}

const NETWORK_TEXT = { this: 'devices.thisNetwork', other: 'devices.otherNetwork', unknown: 'devices.unknownNetwork' } as const;

/** The device list with its forms; the Account page can embed it. */
export function devicesSection(ctx: PageContext, rows: DeviceRow[], thisBrowser?: ThisBrowser): SafeHtml {
  const { t } = ctx;
  const browser = thisBrowser
    ? html`<li data-testid="this-browser" class="this-browser" aria-current="true">
  <p class="device-name"><strong>${t('devices.thisBrowser')}</strong></p>
  <dl class="device">
    <dt>${t('devices.signedInAt')}</dt><dd>${timeAgo(ctx.locale, thisBrowser.signedInAt, ctx.now)}</dd>
    <dt>${t('devices.network')}</dt><dd>${t('devices.thisNetwork')}</dd>
  </dl>
  <p class="hint">${t('devices.thisBrowserNote')}</p>
  <form method="post" action="/logout">${csrfField(ctx)}<button type="submit" class="secondary">${t('devices.signOutThisBrowser')}</button></form>
</li>`
    : null;
  if (!rows.length) return html`${browser ? html`<ul class="devices">${browser}</ul>` : null}<p data-testid="no-devices">${t('devices.none')}</p>`;
  return html`
<ul class="devices">
${browser}
${rows.map(({ session, clientName, network }) => {
  const name = [session.deviceName, session.deviceModel].filter(Boolean).join(' · ') || t('devices.unnamed');
  return html`<li data-testid="device" data-network="${network}">
  <p class="device-name"><strong>${name}</strong></p>
  <dl class="device">
    <dt>${t('devices.signedInAt')}</dt><dd>${timeAgo(ctx.locale, session.signedInAt, ctx.now)}</dd>
    <dt>${t('devices.lastSeen')}</dt><dd>${timeAgo(ctx.locale, session.lastSeenAt, ctx.now)}</dd>
    <dt>${t('devices.network')}</dt><dd data-testid="device-network">${t(NETWORK_TEXT[network])}</dd>
    <dt>${t('devices.app')}</dt><dd>${clientName ?? t('devices.tvApp')}</dd>
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

export function devicesPage(ctx: PageContext, options: { rows: DeviceRow[]; thisBrowser?: ThisBrowser; notice?: string }): string {
  const { t } = ctx;
  return layout(ctx, t('devices.title'), html`
${options.notice ? html`<p class="notice" role="status">${options.notice}</p>` : null}
<p>${t('devices.intro')}</p>
${devicesSection(ctx, options.rows, options.thisBrowser)}`);
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
