import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, type KeyLike } from 'jose';
import { readOrCreateSecretFile } from './secret-file';
import { TOKEN_ALGORITHM } from './tokens';

export interface SigningKeyPair {
  privateKey: KeyLike;
  publicKey: KeyLike;
}

/** Where the local token signing key lives, under the git-ignored data folder. */
export const signingKeyFile = (dataDir: string) => path.join(dataDir, 'auth', 'token-signing-key.jwk.json');

/**
 * The local key that signs demo and test tokens, made on first use. A shop with its own identity provider
 * sets AUTH_JWKS_URL instead, and the API only verifies.
 */
export async function loadOrCreateSigningKey(dataDir: string): Promise<SigningKeyPair> {
  const jwk = await readOrCreateSecretFile<JWK>(signingKeyFile(dataDir), async () => {
    const { privateKey } = await generateKeyPair(TOKEN_ALGORITHM, { extractable: true });
    return exportJWK(privateKey);
  });
  return importKeyPair(jwk);
}

export async function importKeyPair(privateJwk: JWK): Promise<SigningKeyPair> {
  const { d: _private, ...publicJwk } = privateJwk;
  return {
    privateKey: (await importJWK(privateJwk, TOKEN_ALGORITHM)) as KeyLike,
    publicKey: (await importJWK(publicJwk, TOKEN_ALGORITHM)) as KeyLike,
  };
}

/** A fresh in-memory key pair, for tests. */
export async function generateSigningKey(): Promise<SigningKeyPair> {
  return generateKeyPair(TOKEN_ALGORITHM);
}
