import type { Request } from 'express';
import { HttpError } from '../api/http-errors';

/** The cookie that carries a support credential from the codec login to the Temporal UI's codec calls. */
export const CODEC_COOKIE = 'codec_credential';

/** Who holds a credential; the shape of the API's principal. */
export interface CodecPrincipal {
  role: string;
  subject: string;
}

/** Checks a bearer credential, rejecting (throwing) one that is missing its signature, expired or foreign. */
export interface CredentialVerifier {
  verify(token: string): Promise<CodecPrincipal>;
}

/** Staff roles, which may read every customer's decoded payloads. */
const CODEC_ROLES = new Set(['support', 'admin']);

/**
 * The principal behind a request's credential: the `Authorization: Bearer` header (the Temporal CLI's
 * `--codec-auth`) or else the login cookie (the Temporal UI). 401 without a valid one, 403 for a role that
 * may not read payloads.
 */
export async function requireCodecPrincipal(
  req: Request,
  verifier: CredentialVerifier,
): Promise<CodecPrincipal> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
  return checkCredential(bearer ?? readCookie(req.get('cookie'), CODEC_COOKIE), verifier);
}

/** The principal for a credential, with the same 401 and 403 answers as above. */
export async function checkCredential(
  token: string | undefined,
  verifier: CredentialVerifier,
): Promise<CodecPrincipal> {
  if (!token)
    throw new HttpError(401, 'unauthorized', 'log in to the codec server with a support credential');
  const principal = await verifier.verify(token).catch(() => undefined);
  if (!principal) throw new HttpError(401, 'unauthorized', 'the credential is not valid (or has expired)');
  if (!CODEC_ROLES.has(principal.role))
    throw new HttpError(403, 'forbidden', `the ${principal.role} role may not read decoded payloads`);
  return principal;
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}
