import type { Logger } from 'pino';
import type { PairingStore } from '../pairing/pairingStore.ts';
import type { SignInCollector } from '../pairing/signInCollector.ts';
import type { OAuthClient } from '../config.ts';
import type { TokenResponse } from '../../shared/protocol.ts';
import type { ErrorId } from '../../shared/errors.ts';
import { AppError } from '../../shared/appError.ts';
import { requiredParam, type FormBody } from './formParams.ts';

// RFC 8628 §3.4–3.5: a device polls the token endpoint with its device code. The poll goes
// through the same atomic claim as the TV's WebSocket, so whichever collects first gets the
// tokens and the other gets invalid_grant; the claim also paces polls (slow_down adds 5 seconds
// to that device's interval for good, decided inside Redis).

export { DEVICE_CODE_GRANT_TYPE } from '../contracts/httpSchemas.ts';

/** What a poll that did not win tokens is told. */
const NOT_YET: Record<string, ErrorId> = {
  unknown: 'device_code_invalid',
  pending: 'authorization_pending',
  scanned: 'authorization_pending',
  slow_down: 'slow_down',
  denied: 'code_denied',
  expired: 'code_expired',
  already_claimed: 'code_already_used',
};

export interface DeviceCodeGrantDeps {
  pairings: Pick<PairingStore, 'markReceived'>;
  signIns: SignInCollector;
  logger: Logger;
}

export function deviceCodeGrant(deps: DeviceCodeGrantDeps) {
  const { pairings, signIns, logger } = deps;
  return async (body: FormBody, client: OAuthClient): Promise<TokenResponse> => {
    const deviceCode = requiredParam(body, 'device_code');
    const result = await signIns.collect(deviceCode, { by: 'poll', clientId: client.clientId });
    if (result.outcome !== 'tokens') throw new AppError(NOT_YET[result.outcome] ?? 'device_code_invalid');
    const { tokens } = result;
    // The tokens travel in this very response, so the phone may say "your TV is signed in".
    // Only a nicety: a failure here must not cost the device the tokens it has just won.
    await pairings.markReceived(deviceCode).catch((error: unknown) => logger.warn({ err: error }, 'could not record a polled sign-in as received'));
    logger.info({ userCode: result.pairing.userCode, accountId: result.pairing.accountId }, 'device signed in by polling');
    return tokens;
  };
}
