import type { Request, Response } from 'express';
import type { AppContext } from '../context.ts';
import { formatUserCode } from '../../shared/userCode.ts';
import { AppError } from '../../shared/appError.ts';
import { RATE_LIMITS } from '../http/rateLimiter.ts';

// RFC 8628 §3.1–3.2: a device asks for a code. Besides client_id and scope, our TV may send
// device_name and device_model, shown to the person on the confirmation page.

const DEFAULT_SCOPE = 'openid profile';

function optionalText(value: unknown, name: string, maxLength: number): string {
  if (value === undefined || value === '') return '';
  if (typeof value !== 'string' || value.length > maxLength) {
    throw new AppError('invalid_request', { detail: `${name} must be text of at most ${maxLength} characters.` });
  }
  // Control characters would only garble the confirmation page.
  return value.replace(/[\u0000-\u001f\u007f]/g, '').trim();
}

function scopeFrom(value: unknown): string {
  const scope = optionalText(value, 'scope', 200) || DEFAULT_SCOPE;
  if (!/^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/.test(scope)) {
    throw new AppError('invalid_request', { detail: 'scope must be space-separated scope tokens (RFC 6749 §3.3).' });
  }
  return scope;
}

export function deviceAuthorizationHandler(context: AppContext) {
  const { config, clients, pairings, rateLimiter } = context;
  return async (req: Request, res: Response): Promise<void> => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const client = clients.require(body.client_id);
    const limit = await rateLimiter.consume(RATE_LIMITS.deviceAuthorizationPerIp, req.ip ?? 'unknown');
    if (!limit.allowed) throw new AppError('too_many_attempts', { headers: { 'Retry-After': String(limit.retryAfterSeconds) } });

    const { deviceCode, pairing } = await pairings.create({
      clientId: client.clientId,
      scope: scopeFrom(body.scope),
      deviceName: optionalText(body.device_name, 'device_name', 64),
      deviceModel: optionalText(body.device_model, 'device_model', 64),
      requestIp: req.ip ?? '',
      lifetimeSeconds: config.codeLifetimeSeconds,
      intervalSeconds: config.pollIntervalSeconds,
    });
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
