import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MetricsSource } from './sdk-runtime';

/** Serves `GET /metrics`: the texts of all sources, one after the other. Resolves once listening. */
export async function serveMetrics(
  host: string,
  port: number,
  sources: MetricsSource[],
): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    if (request.method !== 'GET' || request.url !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    Promise.all(sources.map((source) => source()))
      .then((texts) => {
        response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
        response.end(texts.join('\n'));
      })
      .catch((error: Error) => response.writeHead(500).end(error.message));
  });
  server.listen(port, host);
  await new Promise((resolve, reject) => server.once('listening', resolve).once('error', reject));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
