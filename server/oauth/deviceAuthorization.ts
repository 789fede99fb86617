import type { Request, Response } from 'express';
import type { CodeIssuer } from './codeIssuer.ts';

// POST /oauth/device_authorization (RFC 8628 §3.1–3.2): the code request of any RFC 8628 client.
// What a code is and how it is limited lives in codeIssuer.ts (our TV app asks over its socket).

export interface DeviceAuthorizationDeps {
  codes: CodeIssuer;
}

export function deviceAuthorizationHandler(deps: DeviceAuthorizationDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const code = await deps.codes.issue((req.body ?? {}) as Record<string, unknown>, req.ip ?? '');
    res.set('Cache-Control', 'no-store').json(code);
  };
}
