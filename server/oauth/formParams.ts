import { AppError } from '../../shared/appError.ts';
import { formValue } from '../contracts/httpSchemas.ts';
import { optionalField } from '../contracts/fields.ts';

// Reading OAuth form parameters (RFC 6749 §3.2): each at most once. A repeated parameter arrives
// as an array and is refused as invalid_request, as the RFC requires. The rule is the formValue
// schema that /openapi.json publishes for these parameters.

export type FormBody = Record<string, unknown>;

export function optionalParam(body: FormBody, name: string): string | undefined {
  return optionalField(formValue(name), body[name]);
}

export function requiredParam(body: FormBody, name: string): string {
  const value = optionalParam(body, name);
  if (value === undefined) throw new AppError('invalid_request', { detail: `The ${name} parameter is missing.` });
  return value;
}
