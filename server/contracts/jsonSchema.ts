import { z } from 'zod';
import { ERRORS } from '../../shared/errors.ts';

/**
 * A zod schema as JSON Schema, inlined (no $schema, no $defs). `input` describes what a client
 * sends (before the server's transforms), `output` what the server answers.
 */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output', target: 'draft-2020-12' | 'draft-7' = 'draft-2020-12'): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, target, unrepresentable: 'any', reused: 'inline' }) as Record<string, unknown>;
  return rest;
}

/** The TV-code catalogue both documents carry (x-tv-error-codes): every code a client can meet. */
export function errorCatalogue(publicUrl: string) {
  const seen = new Set<string>();
  return Object.values(ERRORS)
    .filter((error) => !seen.has(error.code) && seen.add(error.code))
    .map((error) => ({ code: error.code, status: error.status, error: error.oauthError, message: error.message, help: `${publicUrl}/help/${error.code}` }));
}
