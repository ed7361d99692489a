/** One jest run for the whole monorepo: unit, end-to-end and deployment tests. */
const { compilerOptions } = require('./tsconfig.json');

/** Packages published only as ES modules that the portal loads. */
const ESM_ONLY = ['openid-client', 'oauth4webapi', 'jose'];

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]),
);

module.exports = {
  rootDir: __dirname,
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', diagnostics: false }],
    // The OpenID Connect client and its two dependencies are ESM-only: Node loads them with require(),
    // jest's module loader does not, so the tests compile them to CommonJS.
    [`/node_modules/(${ESM_ONLY.join('|')})/.+\\.js$`]: ['ts-jest', { tsconfig: { allowJs: true, isolatedModules: true, module: 'commonjs', target: 'ES2022' }, diagnostics: false }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  moduleNameMapper,
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
  // A service's response that breaks its OpenAPI document fails the test that received it.
  setupFilesAfterEnv: ['<rootDir>/libs/testing/jest/response-contract.ts'],
  // Each run gets a fresh id: new topics and consumer groups on the shared broker (deleted at the
  // end), and the checkout's test databases dropped first (libs/testing/src/test-run.ts).
  globalSetup: '<rootDir>/libs/testing/jest/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/jest/global-teardown.ts',
  // Each worker has its own databases, topics and consumer groups, so suites could run side by side;
  // on two cores the timing-sensitive ones (send rate, deadline surge, SMTP latency, browser) are
  // only trustworthy one at a time, so `--maxWorkers=2` is for bigger machines.
  maxWorkers: 1,
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.js'],
};
