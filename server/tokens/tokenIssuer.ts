import type { TokenResponse } from '../../shared/protocol.ts';
import type { Pairing } from '../pairing/pairingStore.ts';
import type { DeviceSession, DeviceSessions, NewDeviceSession } from '../devices/deviceSessionStore.ts';
import type { AccessTokens } from './accessTokens.ts';
import type { TokenBoxContents } from '../pairing/tokenBox.ts';

// Mints token responses, built in one place whichever way a device signs in: a pairing collected
// over the WebSocket or by RFC 8628 polling, a sign-in with the remote, or a refresh. Every
// sign-in creates a device session; its access tokens carry the session id (`sid`) so signing
// the device out also stops them.

export interface TokenIssuer {
  /** Signs a device in: creates its device session and returns tokens with a refresh token. */
  issue(signIn: NewDeviceSession): Promise<TokenResponse>;
  /**
   * The token response for an approved pairing and its device session, minted in memory only:
   * the pairing's claim stores them (sealed), and the session is saved before they are handed out.
   */
  mintForPairing(pairing: Pairing): Promise<TokenBoxContents>;
  /** Tokens for a device session that already exists (after refresh-token rotation). */
  responseFor(session: DeviceSession, refreshToken: string): Promise<TokenResponse>;
}

export function createTokenIssuer(accessTokens: AccessTokens, deviceSessions: DeviceSessions): TokenIssuer {
  async function responseFor(session: DeviceSession, refreshToken: string): Promise<TokenResponse> {
    const accessToken = await accessTokens.issue({
      accountId: session.accountId,
      clientId: session.clientId,
      scope: session.scope,
      deviceSessionId: session.id,
    });
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: accessTokens.lifetimeSeconds,
      refresh_token: refreshToken,
      scope: session.scope,
    };
  }

  async function issue(signIn: NewDeviceSession): Promise<TokenResponse> {
    const { session, refreshToken } = await deviceSessions.create(signIn);
    return responseFor(session, refreshToken);
  }

  return {
    issue,
    responseFor,
    async mintForPairing(pairing) {
      if (!pairing.accountId) throw new Error(`pairing ${pairing.userCode} was approved without an account`);
      const { session, refreshToken } = deviceSessions.prepare({
        accountId: pairing.accountId,
        clientId: pairing.clientId,
        scope: pairing.scope,
        deviceName: pairing.deviceName,
        deviceModel: pairing.deviceModel,
        // Where the TV asked for its code: the network it signs in from.
        ip: pairing.requestIp,
      });
      return { tokens: await responseFor(session, refreshToken), session, refreshToken };
    },
  };
}
