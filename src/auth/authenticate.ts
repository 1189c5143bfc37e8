import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { HttpError } from '../api/http-errors';
import type { Principal, Role } from './roles';
import { InvalidCredentialError, type TokenVerifier } from './tokens';

export const unauthorized = (message: string) => new HttpError(401, 'unauthorized', message);
export const forbidden = (message: string) => new HttpError(403, 'forbidden', message);

/** The request's principal, set by `authenticate` or a webhook signature check; undefined when anonymous. */
export const principalOf = (res: Response): Principal | undefined =>
  res.locals.principal as Principal | undefined;

/**
 * Reads `Authorization: Bearer <token>`. No header leaves the request anonymous (routes decide whether
 * that is allowed); a header that does not verify is a 401 at once, whatever the route.
 */
export function authenticate(verifier: TokenVerifier): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.get('authorization');
    if (header === undefined) return next();
    const [scheme, token] = header.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) {
      return next(unauthorized('Authorization must be "Bearer <token>"'));
    }
    verifier.verify(token).then(
      (principal) => {
        res.locals.principal = principal;
        next();
      },
      (error: unknown) => next(error instanceof InvalidCredentialError ? unauthorized(error.message) : error),
    );
  };
}

/** Lets the request through only for one of `roles`: 401 when anonymous, 403 for another role. */
export function requireRole(roles: readonly Role[]): RequestHandler {
  return (_req, res, next) => {
    const principal = principalOf(res);
    if (!principal) return next(unauthorized('a credential is required'));
    if (!roles.includes(principal.role)) return next(forbidden(`a ${principal.role} may not do this`));
    next();
  };
}

/** The principal of a request that passed `requireRole`. */
export function callerOf(res: Response): Principal {
  const principal = principalOf(res);
  if (!principal) throw unauthorized('a credential is required');
  return principal;
}
