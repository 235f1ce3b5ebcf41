// Two projects: unit tests beside the code (no services), end-to-end suites in test/
// against real PostgreSQL and Redis. Both share one SWC transform and the @lt/* aliases.
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', decorators: true },
  transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
  target: 'es2022', keepClassNames: true } }];
const shared = {
  transform: { '^.+\\.ts$': swc },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@lt/([a-z-]+)$': '<rootDir>/libs/$1/src',
    // content-disposition 3 (@fastify/static's) is an ES module, which Jest cannot require.
    '^content-disposition$': '<rootDir>/test/support/content-disposition.js',
  },
  testEnvironment: 'node',
};
module.exports = {
  maxWorkers: 2,
  // A global option: Jest ignores testTimeout inside a project.
  testTimeout: 120000,
  projects: [
    { ...shared, displayName: 'unit', rootDir: __dirname, testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/apps/web/'] },
    { ...shared, displayName: 'e2e', rootDir: __dirname, testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts' },
  ],
};
