import type { z } from 'zod';
import type { Config } from '../config.ts';
import type { PairingStore } from '../pairing/pairingStore.ts';
import type { RateLimiter } from '../http/rateLimiter.ts';
import type { FreshCodes } from '../realtime/freshCodes.ts';
import { DEFAULT_SCOPE, type ClientRegistry } from './clients.ts';
import { formatUserCode } from '../../shared/userCode.ts';
import { AppError } from '../../shared/appError.ts';
import { DeviceAuthorizationRequest, type DeviceAuthorizationResponse } from '../contracts/httpSchemas.ts';
import { optionalField } from '../contracts/fields.ts';
import { RATE_LIMITS } from '../http/rateLimiter.ts';

// RFC 8628 §3.1–3.2: a device asks for a code. One place for both ways a TV can ask: the HTTP
// endpoint (POST /oauth/device_authorization, for any RFC 8628 client) and the TV's WebSocket
// (`start`, which saves our TV app a connection and a request per code: tvSocketServer.ts). Besides
// client_id and scope, our TV may send device_name and device_model, shown to the person on the
// confirmation page. The fields are checked with the schema /openapi.json publishes, and the
// per-address limit is the same whichever way the code is asked for.

const fields = DeviceAuthorizationRequest.shape;

export type DeviceAuthorization = z.infer<typeof DeviceAuthorizationResponse>;

export interface CodeIssuer {
  /** A new code for `request` (the RFC 8628 §3.1 fields as received) from address `ip`; throws AppError. */
  issue(request: Record<string, unknown>, ip: string): Promise<DeviceAuthorization>;
}

export interface CodeIssuerDeps {
  config: Pick<Config, 'publicUrl' | 'codeLifetimeSeconds' | 'pollIntervalSeconds'>;
  clients: ClientRegistry;
  pairings: PairingStore;
  rateLimiter: RateLimiter;
  /** Codes issued here, so the TV's first listen on this node needs no Redis. */
  freshCodes?: FreshCodes;
}

export function createCodeIssuer(deps: CodeIssuerDeps): CodeIssuer {
  const { config, clients, pairings, rateLimiter, freshCodes } = deps;
  return {
    async issue(request, ip) {
      const client = clients.require(request.client_id);
      const input = {
        clientId: client.clientId,
        scope: optionalField(fields.scope, request.scope) ?? DEFAULT_SCOPE,
        deviceName: optionalField(fields.device_name, request.device_name) ?? '',
        deviceModel: optionalField(fields.device_model, request.device_model) ?? '',
        requestIp: ip,
        lifetimeSeconds: config.codeLifetimeSeconds,
        intervalSeconds: config.pollIntervalSeconds,
        listener: freshCodes?.reserve(),
      };
      // The per-address limit and the create go out together (issue 11): on one Redis they travel in
      // one write and one round trip. They cannot be one script (the limit's key and the new code's
      // are in different cluster slots), so a code created for a request over its limit is deleted
      // before the refusal is sent: it was never handed out.
      const [limited, created] = await Promise.allSettled([
        rateLimiter.consume(RATE_LIMITS.deviceAuthorizationPerIp, ip || 'unknown'),
        pairings.create(input),
      ]);
      if (limited.status === 'rejected' || !limited.value.allowed) {
        if (created.status === 'fulfilled') await pairings.discard(created.value.deviceCode).catch(() => false);
        if (limited.status === 'rejected') throw limited.reason;
        throw new AppError('too_many_attempts', { headers: { 'Retry-After': String(limited.value.retryAfterSeconds) } });
      }
      if (created.status === 'rejected') throw created.reason;
      const { deviceCode, pairing } = created.value;
      if (input.listener) freshCodes?.remember(input.listener, pairing.userCode, deviceCode, pairing.expiresAt);
      return {
        device_code: deviceCode,
        user_code: formatUserCode(pairing.userCode),
        verification_uri: `${config.publicUrl}/tv8`,
        verification_uri_complete: `${config.publicUrl}/tv8?code=${pairing.userCode}`,
        expires_in: config.codeLifetimeSeconds,
        interval: pairing.intervalSeconds,
      };
    },
  };
}
