import { SignJWT, jwtVerify, errors, type JWTVerifyGetKey, type KeyLike } from 'jose';
import { TOKEN_ROLES, type Principal, type TokenRole } from './roles';

/** The claims every token must carry to be accepted: who issued it and for which API. */
export interface TokenAudience {
  issuer: string;
  audience: string;
}

/** Thrown for a credential that is missing, malformed, expired or not ours; the API answers 401. */
export class InvalidCredentialError extends Error {
  override name = 'InvalidCredentialError';
}

export interface TokenVerifier {
  /** The principal a bearer token stands for; throws InvalidCredentialError otherwise. */
  verify(token: string): Promise<Principal>;
}

// One asymmetric algorithm, pinned: a token may never choose how it is checked (no `none`, no HS/RS mix-up).
export const TOKEN_ALGORITHM = 'ES256';

/**
 * Checks signed bearer tokens (JWT) with jose: signature, issuer, audience, expiry (with 30 s of clock
 * skew), and a role that people may hold. `key` is a public key, or a remote JWKS from an identity provider.
 */
export function createTokenVerifier(key: KeyLike | JWTVerifyGetKey, expected: TokenAudience): TokenVerifier {
  return {
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key as KeyLike, {
          issuer: expected.issuer,
          audience: expected.audience,
          algorithms: [TOKEN_ALGORITHM],
          requiredClaims: ['sub', 'exp'],
          clockTolerance: 30,
        });
        const role = payload.role as TokenRole;
        if (!TOKEN_ROLES.includes(role)) throw new InvalidCredentialError('the token has no valid role');
        const subject = payload.sub!;
        return { role, subject, ...(role === 'customer' ? { customerId: subject } : {}) };
      } catch (error) {
        if (error instanceof InvalidCredentialError) throw error;
        if (error instanceof errors.JOSEError) throw new InvalidCredentialError(describe(error));
        throw error;
      }
    },
  };
}

function describe(error: InstanceType<typeof errors.JOSEError>): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed)
    return `the token's ${error.claim} claim is not accepted`;
  return 'the token is not valid';
}

/** Issues tokens with the local signing key: demo credentials, tests and the `token` script. */
export async function issueToken(
  privateKey: KeyLike,
  audience: TokenAudience,
  claims: { role: TokenRole; subject: string; ttlSeconds: number },
): Promise<string> {
  return new SignJWT({ role: claims.role })
    .setProtectedHeader({ alg: TOKEN_ALGORITHM })
    .setIssuer(audience.issuer)
    .setAudience(audience.audience)
    .setSubject(claims.subject)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + claims.ttlSeconds)
    .sign(privateKey);
}
