import { PUBLIC_ROUTES, ROUTE_ACCESS, type RouteKey } from './access-policy';
import { problemResponse as problem } from './openapi-problem';

const SCHEMES = {
  bearerAuth: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'A signed token (ES256) with `sub`, `role` (customer, support or admin), `iss`, `aud` and `exp`.',
  },
  webhookSignature: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Signature',
    description:
      '`v1=<hex HMAC-SHA256 of "<X-Signature-Timestamp>.<raw body>">` with the secret of the sender named in ' +
      '`X-Webhook-Sender`; the timestamp must be within 5 minutes, and each `eventId` is accepted once.',
  },
};

type Operation = { responses?: Record<string, unknown>; [key: string]: unknown };
type Document = { paths: Record<string, Record<string, Operation>>; [key: string]: unknown };

/**
 * Declares each operation's security from ROUTE_ACCESS (the same table the routers enforce): the scheme,
 * the roles allowed (`x-roles`), and the 401 and 403 answers. Public routes declare none.
 */
export function withSecurity<T extends Document>(document: T): T {
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const key = `${method.toUpperCase()} ${path}`;
      if ((PUBLIC_ROUTES as readonly string[]).includes(key)) {
        operation.security = [];
        continue;
      }
      const roles = ROUTE_ACCESS[key as RouteKey] as readonly string[] | undefined;
      if (!roles) throw new Error(`${key} is documented but has no entry in ROUTE_ACCESS`);
      const signed = roles.every((role) => role === 'carrier' || role === 'payment-provider');
      operation.security = [{ [signed ? 'webhookSignature' : 'bearerAuth']: [] }];
      operation['x-roles'] = roles;
      operation.responses = {
        ...operation.responses,
        401: problem(
          signed ? 'Missing, stale or wrong signature' : 'No credential, or one that does not verify',
        ),
        403: problem(`The credential's role may not call this; allowed: ${roles.join(', ')}`),
      };
    }
  }
  return { ...document, components: { securitySchemes: SCHEMES } };
}
