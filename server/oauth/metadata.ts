import type { Config } from '../config.ts';
import { DEVICE_CODE_GRANT_TYPE } from './deviceCodeGrant.ts';

// RFC 8414 authorization server metadata: everything a standard device-flow client needs to find
// our endpoints and keys on its own. `issuer` is the public base URL, exactly as in tokens' `iss`.

export function authorizationServerMetadata(config: Pick<Config, 'publicUrl'>) {
  const base = config.publicUrl;
  return {
    issuer: base,
    device_authorization_endpoint: `${base}/oauth/device_authorization`,
    token_endpoint: `${base}/oauth/token`,
    revocation_endpoint: `${base}/oauth/revocation`,
    userinfo_endpoint: `${base}/oauth/userinfo`,
    jwks_uri: `${base}/.well-known/jwks.json`,
    grant_types_supported: [DEVICE_CODE_GRANT_TYPE, 'refresh_token'],
    // There is no authorization endpoint: devices sign in with the device flow only.
    response_types_supported: [],
    // All clients are public (a TV cannot keep a secret): client_id alone identifies them.
    token_endpoint_auth_methods_supported: ['none'],
    revocation_endpoint_auth_methods_supported: ['none'],
  };
}
