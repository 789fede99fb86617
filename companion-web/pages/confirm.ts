import { html } from '../html.ts';
import { csrfField, layout, type PageContext } from '../layout.ts';
import { formatUserCode } from '../../shared/userCode.ts';
import type { Pairing } from '../ports.ts';

/** Which TV is about to be signed in, and the choice: Start Watching or refuse. */
export function confirmPage(ctx: PageContext, options: { pairing: Pairing; differentNetwork: boolean }): string {
  const { t } = ctx;
  const { pairing } = options;
  const requested = new Date(pairing.createdAt).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  const device = [pairing.deviceName, pairing.deviceModel].filter(Boolean).join(' · ') || pairing.clientId;
  return layout(ctx, t('confirm.title'), html`
<p>${t('confirm.checkCode')}</p>
<p class="code-display" data-testid="confirm-code">${formatUserCode(pairing.userCode)}</p>
<dl class="device">
  <dt>${t('confirm.device')}</dt><dd data-testid="device-name">${device}</dd>
  <dt>${t('confirm.requested')}</dt><dd><time datetime="${new Date(pairing.createdAt).toISOString()}">${requested}</time></dd>
  <dt>${t('confirm.network')}</dt><dd>${pairing.requestIp}</dd>
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
