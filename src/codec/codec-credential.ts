import type { Request } from 'express';
import { forbidden, unauthorized } from '../auth/authenticate';
import { isStaff, type Principal } from '../auth/roles';
import { InvalidCredentialError, type TokenVerifier } from '../auth/tokens';

/** The cookie that carries a support credential from the codec login to the Temporal UI's codec calls. */
export const CODEC_COOKIE = 'codec_credential';

/**
 * The principal behind a request's credential: the `Authorization: Bearer` header (the Temporal CLI's
 * `--codec-auth`) or else the login cookie (the Temporal UI). 401 without a valid one, 403 for a role other
 * than support or admin, since decoded payloads hold every customer's personal data.
 */
export async function requireCodecPrincipal(req: Request, verifier: TokenVerifier): Promise<Principal> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
  return checkCredential(bearer ?? readCookie(req.get('cookie'), CODEC_COOKIE), verifier);
}

/** The staff principal for a credential, with the same 401 and 403 answers as above. */
export async function checkCredential(
  token: string | undefined,
  verifier: TokenVerifier,
): Promise<Principal> {
  if (!token) throw unauthorized('log in to the codec server with a support credential');
  const principal = await verifier.verify(token).catch((error: unknown) => {
    throw error instanceof InvalidCredentialError ? unauthorized(error.message) : error;
  });
  if (!isStaff(principal)) throw forbidden(`a ${principal.role} may not read decoded payloads`);
  return principal;
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}
