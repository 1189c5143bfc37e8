import { serveApi, type ServedApi } from '../../src/api/serve';
import { DEFAULT_HTTP_CONFIG, type HttpConfig } from '../../src/http-config';
import type { Harness } from './harness';

/** HTTP settings: the defaults with some replaced. */
export const httpConfig = (overrides: Partial<HttpConfig> = {}): HttpConfig => ({
  ...DEFAULT_HTTP_CONFIG,
  ...overrides,
});

/** A served API that the `api` and `rawApi` helpers can call, with the harness's credentials. */
export type AnotherApi = ServedApi & Pick<Harness, 'baseUrl' | 'credentials'>;

/**
 * Another API process in all but name: its own app and server on a free port, over the harness's
 * database, Temporal client and keys, with its own HTTP settings.
 */
export async function serveAnotherApi(h: Harness, http: HttpConfig): Promise<AnotherApi> {
  const { tokens, webhookSenders } = h.credentials;
  const served = await serveApi(
    {
      db: h.db,
      temporal: h.client,
      payloadKeys: h.payloadKeys,
      config: { ...h.config, http },
      tokens,
      webhookSenders,
    },
    '127.0.0.1',
    0,
  );
  return Object.assign(served, { baseUrl: served.url, credentials: h.credentials });
}
