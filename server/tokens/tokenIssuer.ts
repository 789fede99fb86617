import type { TokenResponse } from '../../shared/protocol.ts';
import type { Pairing } from '../pairing/pairingStore.ts';
import type { AccessTokens } from './accessTokens.ts';

// Mints the token response a TV receives when its pairing is claimed, whichever way it collects
// it (WebSocket push or RFC 8628 polling): the same response, built in one place.

export interface TokenIssuer {
  issueForPairing(pairing: Pairing): Promise<TokenResponse>;
}

export function createTokenIssuer(accessTokens: AccessTokens): TokenIssuer {
  return {
    async issueForPairing(pairing) {
      if (!pairing.accountId) throw new Error(`pairing ${pairing.userCode} was claimed without an account`);
      const accessToken = await accessTokens.issue({ accountId: pairing.accountId, clientId: pairing.clientId, scope: pairing.scope });
      return {
        access_token: accessToken,
        token_type: 'Bearer',
        expires_in: accessTokens.lifetimeSeconds,
        scope: pairing.scope,
      };
    },
  };
}
