import type { Request, Response } from 'express';
import type { Config } from '../config.ts';
import type { PairingStore } from '../pairing/pairingStore.ts';
import type { RateLimiter } from '../http/rateLimiter.ts';
import type { FreshCodes } from '../realtime/freshCodes.ts';
import { DEFAULT_SCOPE, type ClientRegistry } from './clients.ts';
import { formatUserCode } from '../../shared/userCode.ts';
import { AppError } from '../../shared/appError.ts';
import { DeviceAuthorizationRequest } from '../contracts/httpSchemas.ts';
import { optionalField } from '../contracts/fields.ts';
import { RATE_LIMITS } from '../http/rateLimiter.ts';

// RFC 8628 §3.1–3.2: a device asks for a code. Besides client_id and scope, our TV may send
// device_name and device_model, shown to the person on the confirmation page. The fields are
// checked with the schema /openapi.json publishes (contracts/httpSchemas.ts).

const fields = DeviceAuthorizationRequest.shape;

export interface DeviceAuthorizationDeps {
  config: Pick<Config, 'publicUrl' | 'codeLifetimeSeconds' | 'pollIntervalSeconds'>;
  clients: ClientRegistry;
  pairings: PairingStore;
  rateLimiter: RateLimiter;
  /** Codes issued here, so the TV's first listen on this node needs no Redis. */
  freshCodes?: FreshCodes;
}

export function deviceAuthorizationHandler(deps: DeviceAuthorizationDeps) {
  const { config, clients, pairings, rateLimiter, freshCodes } = deps;
  return async (req: Request, res: Response): Promise<void> => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const client = clients.require(body.client_id);
    const input = {
      clientId: client.clientId,
      scope: optionalField(fields.scope, body.scope) ?? DEFAULT_SCOPE,
      deviceName: optionalField(fields.device_name, body.device_name) ?? '',
      deviceModel: optionalField(fields.device_model, body.device_model) ?? '',
      requestIp: req.ip ?? '',
      lifetimeSeconds: config.codeLifetimeSeconds,
      intervalSeconds: config.pollIntervalSeconds,
      listener: freshCodes?.reserve(),
    };
    // The per-address limit and the create go out together (issue 11): on one Redis they travel in
    // one write and one round trip. They cannot be one script (the limit's key and the new code's
    // are in different cluster slots), so a code created for a request over its limit is deleted
    // before the refusal is sent: it was never handed out.
    const [limited, created] = await Promise.allSettled([
      rateLimiter.consume(RATE_LIMITS.deviceAuthorizationPerIp, req.ip ?? 'unknown'),
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
    res.set('Cache-Control', 'no-store').json({
      device_code: deviceCode,
      user_code: formatUserCode(pairing.userCode),
      verification_uri: `${config.publicUrl}/tv8`,
      verification_uri_complete: `${config.publicUrl}/tv8?code=${pairing.userCode}`,
      expires_in: config.codeLifetimeSeconds,
      interval: pairing.intervalSeconds,
    });
  };
}
