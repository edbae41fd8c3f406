// Test tiers (see README "Tests"):
//   unit    pure logic, no services (libs/domain, contracts, ...)
//   medium  real PostgreSQL / Redis / Kafka, one component at a time, in-process
//   e2e     the real apps as separate processes against the real broker, database and Redis
//   browser Playwright driving Debian's Chromium against the running system (part of e2e)
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];
const moduleNameMapper = {
  '^@pledge/(contracts|domain|persistence|platform|auth)$': '<rootDir>/libs/$1/src',
  '^@pledge/(contracts|domain|persistence|platform|auth)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
const common = {
  rootDir: __dirname,
  transform: { '^.+\\.(t|j)s$': swc },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  testEnvironment: 'node',
};
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'medium',
      testMatch: ['<rootDir>/tests/medium/**/*.spec.ts'],
      globalSetup: '<rootDir>/tests/support/global-setup.ts',
      slowTestThreshold: 30,
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/tests/e2e/**/*.spec.ts'],
      globalSetup: '<rootDir>/tests/support/global-setup-e2e.ts',
      slowTestThreshold: 60,
    },
  ],
  testTimeout: 120000,
};
