/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(ts|js)$': ['@swc/jest'] },
  // dinero.js ships ES modules only; jest loads CommonJS, so it is compiled like our own code.
  transformIgnorePatterns: ['/node_modules/(?!dinero\\.js/)'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60_000,
  // Two cores: more jest workers only contend with the Temporal and PostgreSQL servers.
  maxWorkers: 2,
};
