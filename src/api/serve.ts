import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_HTTP_CONFIG } from '../http-config';
import { createApp } from './app';
import type { ApiDeps } from './deps';
import { createReadiness } from './readiness';

/** A listening API and its orderly stop. */
export interface ServedApi {
  url: string;
  server: Server;
  /** Turns /readyz to 503, waits the readiness drain, then stops taking connections and waits for the open requests. */
  shutdown(): Promise<void>;
}

/** Serves the API on `host:port` (0 for a free port) with the server-level time limits of its config. */
export async function serveApi(deps: ApiDeps, host: string, port: number): Promise<ServedApi> {
  const http = deps.config.http ?? DEFAULT_HTTP_CONFIG;
  const readiness = deps.readiness ?? createReadiness();
  const server: Server = createApp({ ...deps, readiness }).listen(port, host);
  // Slow clients cannot hold sockets: whole requests and their headers must arrive within these.
  server.requestTimeout = http.requestTimeoutMs;
  server.headersTimeout = Math.min(http.headersTimeoutMs, http.requestTimeoutMs);
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    server,
    async shutdown() {
      readiness.beginShutdown();
      if (http.readinessDrainMs > 0)
        await new Promise((resolve) => setTimeout(resolve, http.readinessDrainMs));
      // close() stops accepting, closes idle keep-alive sockets and resolves once the open requests end.
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
