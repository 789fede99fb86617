import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK, type CryptoKey } from 'jose';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../config.ts';

// Token signing keys. Ed25519 (EdDSA): small, fast, and asymmetric so other services verify
// tokens with the public half from /.well-known/jwks.json and never hold the private key.
// Production passes the private JWK in SIGNING_KEY; development generates one on first start and
// keeps it in the data directory so tokens stay valid across restarts.
//
// Rotation: SIGNING_KEY may be a JSON array of JWKs. The first signs; every key is published and
// verifies (tokens carry their key's kid), so tokens signed by an older key keep working until
// they expire and the older key is dropped (README, "Rotating the signing key").

export const SIGNING_ALGORITHM = 'EdDSA';

export interface SigningKeys {
  /** The key that signs new tokens. */
  kid: string;
  privateKey: CryptoKey;
  /** Every key that verifies tokens, by kid (the signing key included). */
  verificationKeys: ReadonlyMap<string, CryptoKey>;
  /** The JSON Web Key Set published for verifiers. */
  jwks: { keys: JWK[] };
}

async function fromJwks(list: JWK[]): Promise<SigningKeys> {
  const [signing] = list;
  if (!signing?.d) throw new ConfigError('SIGNING_KEY must start with a private Ed25519 JWK (with "d").');
  const published: JWK[] = [];
  const verificationKeys = new Map<string, CryptoKey>();
  for (const jwk of list) {
    if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || !jwk.x) {
      throw new ConfigError('SIGNING_KEY must be a private Ed25519 JWK ({"kty":"OKP","crv":"Ed25519","d":…,"x":…}).');
    }
    const publicJwk = { kty: jwk.kty, crv: jwk.crv, x: jwk.x };
    const kid = jwk.kid ?? (await calculateJwkThumbprint(publicJwk));
    if (verificationKeys.has(kid)) throw new ConfigError(`SIGNING_KEY has the key ${kid} twice.`);
    verificationKeys.set(kid, (await importJWK(publicJwk, SIGNING_ALGORITHM)) as CryptoKey);
    published.push({ ...publicJwk, kid, alg: SIGNING_ALGORITHM, use: 'sig' });
  }
  const kid = published[0]!.kid!;
  const privateKey = (await importJWK({ ...signing, kid }, SIGNING_ALGORITHM)) as CryptoKey;
  return { kid, privateKey, verificationKeys, jwks: { keys: published } };
}

export async function generateSigningJwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(privateKey);
  const { d: _private, ...publicJwk } = jwk;
  return { ...jwk, kid: await calculateJwkThumbprint(publicJwk) };
}

/** The configured keys (SIGNING_KEY, already checked by the config schema), else the development key. */
export async function signingKeysFromConfig(configured: readonly JWK[] | undefined, dataDir: string): Promise<SigningKeys> {
  if (configured) return fromJwks([...configured]);
  const path = join(dataDir, 'signing-key.jwk.json');
  try {
    return await fromJwks([JSON.parse(await readFile(path, 'utf8')) as JWK]);
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
  return fromJwks([JSON.parse(await readFile(path, 'utf8')) as JWK]);
}
