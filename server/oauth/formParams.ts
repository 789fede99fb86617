import { AppError } from '../../shared/appError.ts';

// Reading OAuth form parameters (RFC 6749 §3.2): each at most once. A repeated parameter arrives
// as an array and is refused as invalid_request, as the RFC requires.

export type FormBody = Record<string, unknown>;

export function optionalParam(body: FormBody, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || value.length > 4096) {
    throw new AppError('invalid_request', { detail: `${name} must be given once, as text.` });
  }
  return value;
}

export function requiredParam(body: FormBody, name: string): string {
  const value = optionalParam(body, name);
  if (value === undefined) throw new AppError('invalid_request', { detail: `The ${name} parameter is missing.` });
  return value;
}
