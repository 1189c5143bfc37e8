import { serveApi, type ServedApi } from '../../src/api/serve';
import { DEFAULT_HTTP_CONFIG, type HttpConfig } from '../../src/http-config';
import type { Harness } from './harness';

/** HTTP settings: the defaults with some replaced. */
export const httpConfig = (overrides: Partial<HttpConfig> = {}): HttpConfig => ({
  ...DEFAULT_HTTP_CONFIG,
  ...overrides,
});

/**
 * Another API process in all but name: its own app and server on a free port, over the harness's
 * database and Temporal client, with its own HTTP settings.
 */
export async function serveAnotherApi(h: Harness, http: HttpConfig): Promise<ServedApi> {
  return serveApi({ db: h.db, temporal: h.client, config: { ...h.config, http } }, '127.0.0.1', 0);
}
