import type { Payload, PayloadCodec } from '@temporalio/common';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { HttpError, parse } from '../api/http-errors';
import type { TokenVerifier } from '../auth/tokens';
import { CODEC_COOKIE, checkCredential, requireCodecPrincipal } from './codec-credential';
import { loggedInPage, loginPage } from './codec-login-page';
import { payloadFromJson, payloadsJson, payloadToJson } from './payloads-json';

export interface CodecServerOptions {
  codec: PayloadCodec;
  /** The API's bearer-token verifier: the codec accepts the same support and admin credentials. */
  verifier: TokenVerifier;
  /** The one namespace whose data converter this is; requests naming another are refused. */
  namespace: string;
  /** Origins (the Temporal UI's) allowed to call with credentials; every other origin gets no CORS. */
  uiOrigins: string[];
  /** This server's address as the UI reaches it, e.g. http://localhost:3000/codec. */
  endpoint: string;
  uiUrl?: string;
}

/** A working shift; the credential's own expiry is checked at every call regardless. */
const COOKIE_MAX_AGE_MS = 8 * 60 * 60 * 1000;
// Temporal's default blob size limit is 2 MB; a batch of payloads in base64 stays under this.
const BODY_LIMIT = '8mb';

/**
 * Temporal's remote codec protocol (`POST /encode`, `POST /decode` with `{ payloads }` in protobuf JSON),
 * for support staff only, plus the login that gives their browser the credential cookie the UI sends along.
 */
export function codecRouter(options: CodecServerOptions): Router {
  const router = Router();
  const allowed = new Set(options.uiOrigins);
  router.use(corsFor(allowed));
  router.use(express.json({ limit: BODY_LIMIT }), express.urlencoded({ extended: false, limit: '16kb' }));

  router.get('/login', (_req, res) => {
    res.type('html').send(loginPage());
  });
  router.post('/login', async (req, res) => {
    const credential = typeof req.body?.credential === 'string' ? req.body.credential.trim() : '';
    const wantsHtml = req.is('application/x-www-form-urlencoded') !== false;
    let who;
    try {
      who = await checkCredential(credential || undefined, options.verifier);
    } catch (error) {
      if (!(error instanceof HttpError) || !wantsHtml) throw error;
      res.status(error.status).type('html').send(loginPage(error.message));
      return;
    }
    res.cookie(CODEC_COOKIE, credential, {
      httpOnly: true,
      // The UI (localhost:8233) and this server (localhost:3000) are the same site, so Lax cookies go along.
      sameSite: 'lax',
      secure: req.secure,
      path: req.baseUrl || '/',
      maxAge: COOKIE_MAX_AGE_MS,
    });
    if (wantsHtml) res.type('html').send(loggedInPage(who, options.endpoint, options.uiUrl));
    else res.json({ role: who.role, subject: who.subject });
  });
  router.post('/logout', (req, res) => {
    res.clearCookie(CODEC_COOKIE, { path: req.baseUrl || '/' });
    res.type('html').send(loginPage('Logged out.'));
  });

  for (const direction of ['encode', 'decode'] as const) {
    router.post(`/${direction}`, async (req, res) => {
      await requireCodecPrincipal(req, options.verifier);
      // The Temporal CLI sends the header empty; only a namespace actually named must be ours.
      const namespace = req.get('x-namespace');
      if (namespace && namespace !== options.namespace)
        throw new HttpError(
          400,
          'invalid_request',
          `X-Namespace: this codec serves namespace "${options.namespace}" only`,
          'X-Namespace',
        );
      const body = parse(payloadsJson, req.body);
      const payloads = body.payloads.map(payloadFromJson);
      const converted =
        direction === 'encode'
          ? await options.codec.encode(payloads)
          : await decodeEach(options.codec, payloads);
      res.json({ payloads: converted.map(payloadToJson) });
    });
  }
  return router;
}

/**
 * Decodes payloads one by one, leaving as it is any that cannot be decoded: a customer whose data key was
 * destroyed (erasure) stays unreadable while the rest of the history still shows.
 */
async function decodeEach(codec: PayloadCodec, payloads: Payload[]): Promise<Payload[]> {
  return Promise.all(
    payloads.map(async (payload) => {
      try {
        const [decoded] = await codec.decode([payload]);
        return decoded ?? payload;
      } catch {
        return payload;
      }
    }),
  );
}

/** CORS for the UI's origins only, with credentials, so the browser sends the login cookie along. */
function corsFor(allowed: Set<string>) {
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.get('origin');
    res.vary('Origin');
    if (origin && allowed.has(origin)) {
      res.set('Access-Control-Allow-Origin', origin);
      res.set('Access-Control-Allow-Credentials', 'true');
    }
    if (req.method !== 'OPTIONS') return next();
    if (!origin || !allowed.has(origin)) {
      res
        .status(403)
        .json({ error: 'forbidden', message: `origin ${origin ?? '(none)'} may not call the codec` });
      return;
    }
    res.set('Access-Control-Allow-Methods', 'POST');
    res.set('Access-Control-Allow-Headers', 'Content-Type, X-Namespace, Authorization, Authorization-Extras');
    res.set('Access-Control-Max-Age', '600');
    res.status(204).end();
  };
}
