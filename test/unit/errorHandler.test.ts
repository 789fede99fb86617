import { describe, expect, it } from 'vitest';
import express from 'express';
import request from 'supertest';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { AppError } from '../../shared/appError.ts';
import { ERRORS } from '../../shared/errors.ts';
import { createErrorHandler } from '../../server/http/errorHandler.ts';

// Public text and internal detail stay apart: what a client reads is the catalogue's message for
// the code; the detail (which parameter, which header) goes to the log only.

function appThrowing(error: Error) {
  const lines: string[] = [];
  const logger = pino({ level: 'debug' }, new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }));
  const app = express();
  app.post('/oauth/token', () => {
    throw error;
  });
  app.get('/page', () => {
    throw error;
  });
  app.use(createErrorHandler({ logger, renderPage: (_req, e) => `<p>${e.code}: ${e.message}</p>` }));
  return { app, lines };
}

describe('error handler', () => {
  it('sends the catalogue text as error_description and logs the detail only', async () => {
    const detail = 'The grant_type parameter is missing.';
    const { app, lines } = appThrowing(new AppError('invalid_request', { detail }));
    const response = await request(app).post('/oauth/token');
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: 'invalid_request', error_description: ERRORS.invalid_request.message, code: ERRORS.invalid_request.code });
    expect(JSON.stringify(response.body)).not.toContain('grant_type');
    expect(lines.join('')).toContain(detail);
  });

  it('never shows the detail on a page either', async () => {
    const { app } = appThrowing(new AppError('form_expired', { detail: 'This form was sent from another site.' }));
    const response = await request(app).get('/page');
    expect(response.status).toBe(ERRORS.form_expired.status);
    expect(response.text).toContain(ERRORS.form_expired.code);
    expect(response.text).not.toContain('another site');
  });

  it('answers anything unexpected as TV-500 without its message', async () => {
    const { app } = appThrowing(new Error('secret internal state'));
    const response = await request(app).post('/oauth/token');
    expect(response.status).toBe(500);
    expect(response.body.code).toBe(ERRORS.server_error.code);
    expect(JSON.stringify(response.body)).not.toContain('secret internal state');
  });
});
