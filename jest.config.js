// ESM all the way: @actions/* ship only ESM, so tests run under --experimental-vm-modules
// (see package.json "test") and ts-jest emits ESM.
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
  testTimeout: 120000,
  // The run's own temp folder (TMPDIR for every worker and child process); the teardown fails the run naming
  // anything a test left in it. Tests make temp folders with tempDir() (__tests__/support/temp.ts).
  globalSetup: '<rootDir>/__tests__/support/global-setup.ts',
  globalTeardown: '<rootDir>/__tests__/support/global-teardown.ts',
  // Jest's default is one worker per core but one, so a 2-core runner gets a single worker; the e2e suites mostly
  // wait on child processes (the bundle, openssl), so two workers nearly halve the wall time.
  maxWorkers: 2,
  // The slowest suite first, also without a cache (see the file).
  testSequencer: '<rootDir>/jest.sequencer.config.js',
  verbose: false,
};
