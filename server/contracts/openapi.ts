import type { z } from 'zod';
import { TokenResponseSchema } from '../../shared/protocol.ts';
import { WS_PATH } from '../../shared/wsEndpoint.ts';
import {
  AuthorizationServerMetadata,
  DeviceAuthorizationRequest,
  DeviceAuthorizationResponse,
  ErrorResponse,
  Jwks,
  LeaveRequest,
  RemoteSignInRequest,
  RevocationRequest,
  TokenRequest,
  UserinfoResponse,
} from './httpSchemas.ts';
import { errorCatalogue, jsonSchema } from './jsonSchema.ts';

// /openapi.json: the HTTP API a TV (or any device-flow client) uses, as OpenAPI 3.1, generated
// from the zod schemas the handlers validate with (httpSchemas.ts) and the TV-code catalogue.

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string) => ({ 'application/json': { schema: ref(name) } });
const refused = (description: string) => ({ description, content: json('ErrorResponse') });
const form = (name: string) => ({ required: true, content: { 'application/x-www-form-urlencoded': { schema: ref(name) } } });

const REQUESTS: Record<string, z.ZodType> = { DeviceAuthorizationRequest, TokenRequest, RevocationRequest, RemoteSignInRequest, LeaveRequest };
const RESPONSES: Record<string, z.ZodType> = {
  DeviceAuthorizationResponse,
  TokenResponse: TokenResponseSchema,
  UserinfoResponse,
  AuthorizationServerMetadata,
  Jwks,
  ErrorResponse,
};

export function openApiDocument(publicUrl: string) {
  const schemas = {
    ...Object.fromEntries(Object.entries(REQUESTS).map(([name, schema]) => [name, jsonSchema(schema, 'input')])),
    ...Object.fromEntries(Object.entries(RESPONSES).map(([name, schema]) => [name, jsonSchema(schema, 'output')])),
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'TV sign-in: HTTP API for TVs',
      version: '1',
      description:
        `Sign a TV in from a phone (OAuth 2.0 Device Authorization Grant, RFC 8628) or with the remote. ` +
        `A TV asks for a code, shows it with a QR code of verification_uri_complete, and gets its tokens pushed over the WebSocket ${WS_PATH} ` +
        `(see /asyncapi.json) or by polling /oauth/token. Every refused request answers with a stable TV code (x-tv-error-codes), ` +
        `which a TV shows and links to /help/<code>.`,
    },
    servers: [{ url: publicUrl }],
    paths: {
      '/oauth/device_authorization': {
        post: {
          operationId: 'deviceAuthorization',
          summary: 'Ask for a sign-in code (RFC 8628 §3.1)',
          requestBody: form('DeviceAuthorizationRequest'),
          responses: {
            '200': { description: 'A code to show', content: json('DeviceAuthorizationResponse') },
            '400': refused('invalid_request (a field is wrong; the body is not form data)'),
            '401': refused('invalid_client'),
            '429': refused('too many codes from this address (TV-101); Retry-After says when to ask again'),
          },
        },
      },
      '/oauth/token': {
        post: {
          operationId: 'token',
          summary: 'Collect tokens by polling (RFC 8628 §3.4), or refresh them (RFC 6749 §6)',
          requestBody: form('TokenRequest'),
          responses: {
            '200': { description: 'Tokens', content: json('TokenResponse') },
            '400': refused('authorization_pending, slow_down, expired_token, access_denied, invalid_grant, invalid_scope, unsupported_grant_type, invalid_request'),
            '401': refused('invalid_client'),
          },
        },
      },
      '/oauth/revocation': {
        post: {
          operationId: 'revoke',
          summary: 'Sign the device out by revoking either of its tokens (RFC 7009)',
          requestBody: form('RevocationRequest'),
          responses: { '200': { description: 'Done (also for a token that was not valid)' }, '400': refused('invalid_request'), '401': refused('invalid_client') },
        },
      },
      '/oauth/userinfo': {
        get: {
          operationId: 'userinfo',
          summary: 'Who the access token belongs to ("Signed in as …")',
          security: [{ bearer: [] }],
          responses: { '200': { description: 'The account', content: json('UserinfoResponse') }, '401': refused('invalid_token (expired, signed out, not ours)') },
        },
      },
      '/api/tv/signin': {
        post: {
          operationId: 'remoteSignIn',
          summary: 'Sign in with the remote: login and password typed on the TV',
          requestBody: { required: true, content: { 'application/json': { schema: ref('RemoteSignInRequest') } } },
          responses: {
            '200': { description: 'Tokens', content: json('TokenResponse') },
            '400': refused('invalid_request'),
            '401': refused('wrong login or password (TV-200), or invalid_client'),
            '415': refused('the body is not JSON'),
            '429': refused('too many attempts (TV-201); Retry-After says when to try again'),
          },
        },
      },
      '/api/tv/leave': {
        post: {
          operationId: 'leave',
          summary: 'The TV stops waiting for its code (send it with fetch keepalive on pagehide, or when the viewer goes back)',
          requestBody: form('LeaveRequest'),
          responses: { '204': { description: 'Done, whatever was sent (only the device_code can end a code)' } },
        },
      },
      '/.well-known/oauth-authorization-server': {
        get: { operationId: 'metadata', summary: 'Authorization server metadata (RFC 8414)', responses: { '200': { description: 'Metadata', content: json('AuthorizationServerMetadata') } } },
      },
      '/.well-known/jwks.json': {
        get: { operationId: 'jwks', summary: 'Keys that verify access tokens (RFC 7517)', responses: { '200': { description: 'The key set', content: json('Jwks') } } },
      },
      '/openapi.json': { get: { operationId: 'openapi', summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': {} } } } } },
      '/asyncapi.json': {
        get: { operationId: 'asyncapi', summary: `The ${WS_PATH} WebSocket protocol`, responses: { '200': { description: 'AsyncAPI 3.0', content: { 'application/json': {} } } } },
      },
    },
    components: {
      schemas,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
    'x-tv-error-codes': errorCatalogue(publicUrl),
  };
}
