import type { z } from 'zod';
import { AppError } from '../../shared/appError.ts';

// Reading one field of a request with its schema from httpSchemas.ts. Fields are read one by one,
// in the order the handler needs them (client first, then the rate limit, then the rest), so a
// request is refused for the same reason as before the schemas existed. A schema's message
// becomes the answer's detail; the answer itself is invalid_request (TV-110's OAuth sibling).

/** An optional field: absent or empty is undefined (HTML forms send empty fields as ''). */
export function optionalField<T>(schema: z.ZodType<T>, value: unknown): T | undefined {
  if (value === undefined || value === '') return undefined;
  return requiredField(schema, value);
}

export function requiredField<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AppError('invalid_request', { detail: parsed.error.issues[0]!.message });
  return parsed.data;
}
