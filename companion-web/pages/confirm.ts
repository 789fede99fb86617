import { html } from '../html.ts';
import { csrfField, layout, type PageContext } from '../layout.ts';
import { formatUserCode } from '../../shared/userCode.ts';
import { timeAgo } from '../relativeTime.ts';
import type { Pairing } from '../ports.ts';

/** Which TV is about to be signed in, and the choice: Start Watching or refuse. */
export function confirmPage(ctx: PageContext, options: { pairing: Pairing; differentNetwork: boolean }): string {
  // Said the way a person recognises their TV: its name, how long ago it asked, and whether it is
  // on this phone's network (an IP address means nothing to most people; it stays in the log).
  const { t } = ctx;
  const { pairing } = options;
  const device = [pairing.deviceName, pairing.deviceModel].filter(Boolean).join(' · ') || pairing.clientId;
  return layout(ctx, t('confirm.title'), html`
<p>${t('confirm.checkCode')}</p>
<p class="code-display" data-testid="confirm-code">${formatUserCode(pairing.userCode)}</p>
<dl class="device">
  <dt>${t('confirm.device')}</dt><dd data-testid="device-name">${device}</dd>
  <dt>${t('confirm.requested')}</dt><dd data-testid="requested">${timeAgo(ctx.locale, pairing.createdAt, ctx.now)}</dd>
  <dt>${t('confirm.network')}</dt><dd data-testid="network">${options.differentNetwork ? t('confirm.otherNetwork') : t('confirm.sameNetwork')}</dd>
</dl>
${options.differentNetwork ? html`<p class="warning" role="note">${t('confirm.networkWarning')}</p>` : null}
<p>${t('confirm.signedInAs', { name: ctx.account?.name ?? '' })}</p>
<form method="post" action="/tv8/confirm">
  ${csrfField(ctx)}
  <input type="hidden" name="code" value="${pairing.userCode}">
  <button type="submit" name="decision" value="approve">${t('confirm.startWatching')}</button>
  <button type="submit" name="decision" value="deny" class="secondary">${t('confirm.deny')}</button>
</form>`);
}
