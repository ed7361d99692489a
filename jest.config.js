/** One jest run for the whole monorepo: unit, end-to-end and deployment tests. */
const { compilerOptions } = require('./tsconfig.json');

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]),
);

module.exports = {
  rootDir: __dirname,
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', diagnostics: false }] },
  moduleNameMapper,
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
  // End-to-end suites share one broker and database server; run them one at a time.
  maxWorkers: 1,
  testTimeout: 60000,
  // kafkajs reconnect timers after the broker-outage test can outlive the suite; never let CI hang on them.
  forceExit: true,
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.js'],
};
