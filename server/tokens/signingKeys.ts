import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK, type CryptoKey } from 'jose';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../config.ts';

// Token signing keys. Ed25519 (EdDSA): small, fast, and asymmetric so other services verify
// tokens with the public half from /.well-known/jwks.json and never hold the private key.
// Production passes the private JWK in SIGNING_KEY; development generates one on first start and
// keeps it in the data directory so tokens stay valid across restarts.

export const SIGNING_ALGORITHM = 'EdDSA';

export interface SigningKeys {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** The JSON Web Key Set published for verifiers. */
  jwks: { keys: JWK[] };
}

async function fromPrivateJwk(jwk: JWK): Promise<SigningKeys> {
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || !jwk.d) {
    throw new ConfigError('SIGNING_KEY must be a private Ed25519 JWK ({"kty":"OKP","crv":"Ed25519","d":…,"x":…}).');
  }
  const { d: _private, ...publicJwk } = jwk;
  const kid = jwk.kid ?? (await calculateJwkThumbprint(publicJwk));
  const privateKey = (await importJWK({ ...jwk, kid }, SIGNING_ALGORITHM)) as CryptoKey;
  const publicKey = (await importJWK(publicJwk, SIGNING_ALGORITHM)) as CryptoKey;
  return {
    kid,
    privateKey,
    publicKey,
    jwks: { keys: [{ kty: publicJwk.kty, crv: publicJwk.crv, x: publicJwk.x, kid, alg: SIGNING_ALGORITHM, use: 'sig' }] },
  };
}

export async function generateSigningJwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(privateKey);
  const { d: _private, ...publicJwk } = jwk;
  return { ...jwk, kid: await calculateJwkThumbprint(publicJwk) };
}

export async function signingKeysFromConfig(signingKeyJwk: string | undefined, dataDir: string): Promise<SigningKeys> {
  if (signingKeyJwk) {
    let jwk: JWK;
    try {
      jwk = JSON.parse(signingKeyJwk) as JWK;
    } catch {
      throw new ConfigError('SIGNING_KEY is not valid JSON; it must be a private Ed25519 JWK.');
    }
    return fromPrivateJwk(jwk);
  }
  const path = join(dataDir, 'signing-key.jwk.json');
  try {
    return await fromPrivateJwk(JSON.parse(await readFile(path, 'utf8')) as JWK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const jwk = await generateSigningJwk();
  await mkdir(dataDir, { recursive: true });
  await writeFile(path, JSON.stringify(jwk), { mode: 0o600, flag: 'wx' }).catch(async (error: NodeJS.ErrnoException) => {
    // Another node started at the same moment and wrote first: use its key.
    if (error.code !== 'EEXIST') throw error;
  });
  await chmod(path, 0o600);
  return fromPrivateJwk(JSON.parse(await readFile(path, 'utf8')) as JWK);
}
