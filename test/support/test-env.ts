/** Environment variables through which global setup tells test files where its servers are. */
export const TEST_ENV = {
  databaseUrl: 'CHECKOUT_TEST_DATABASE_URL',
  temporalAddress: 'CHECKOUT_TEST_TEMPORAL_ADDRESS',
  workflowBundle: 'CHECKOUT_TEST_WORKFLOW_BUNDLE',
  payloadMasterKeys: 'CHECKOUT_TEST_PAYLOAD_MASTER_KEYS',
} as const;

/** Reads a value global setup exported, failing clearly if a test runs without it. */
export function testEnv(name: keyof typeof TEST_ENV): string {
  const value = process.env[TEST_ENV[name]];
  if (!value)
    throw new Error(`${TEST_ENV[name]} is not set: run tests through jest so that global setup runs`);
  return value;
}
