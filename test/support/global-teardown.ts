/** Stops the servers global setup started. */
export default async function globalTeardown(): Promise<void> {
  const servers = (globalThis as { __checkoutServers?: { stop(): Promise<void> }[] }).__checkoutServers ?? [];
  for (const server of servers) await server.stop();
}
