import type { TokenResponse } from '../../shared/protocol.ts';
import { CLIENT_ID } from './connection.ts';

// The request behind "sign in with the remote": POST /api/tv/signin. Answers the tokens, or the
// stable error code to show (TV-700 when the server could not be reached at all).

export type PasswordSignInResult = { ok: true; tokens: TokenResponse } | { ok: false; code: string };

export async function signInWithPassword(login: string, password: string, device: { name: string; model: string }): Promise<PasswordSignInResult> {
  let response: Response;
  try {
    response = await fetch('/api/tv/signin', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ client_id: CLIENT_ID, login, password, device_name: device.name, device_model: device.model }),
    });
  } catch {
    return { ok: false, code: 'TV-700' };
  }
  const body = (await response.json().catch(() => ({}))) as Partial<TokenResponse> & { code?: string };
  if (response.ok && body.access_token) return { ok: true, tokens: body as TokenResponse };
  return { ok: false, code: body.code ?? (response.status >= 500 ? 'TV-503' : 'TV-500') };
}
