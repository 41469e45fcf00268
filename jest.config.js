// Three suites: unit (*.spec.ts, no infrastructure), integration (*.int-spec.ts, real Kafka/Postgres/Redis
// started by infra/up.sh) and e2e (test/e2e, the services as separate processes and standalone mode).
const fs = require('node:fs');
const swc = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, 'utf8'));
const transform = { '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false, sourceMaps: 'inline' }] };
const moduleNameMapper = {
  '^@questline/platform/telemetry$': '<rootDir>/libs/platform/src/telemetry/telemetry.ts',
  '^@questline/(leaderboard|messaging|points)/(adapters|testing)$': '<rootDir>/libs/$1/src/$2.ts',
  '^@questline/sdk/kafka$': '<rootDir>/libs/sdk/src/kafka.ts',
  '^@questline/(.*)$': '<rootDir>/libs/$1/src/index.ts',
};
const common = { rootDir: __dirname, transform, moduleNameMapper, testEnvironment: 'node' };

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,tools,bench}/**/*.spec.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/{apps,libs,tools}/**/*.int-spec.ts'], slowTestThreshold: 30 },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'], slowTestThreshold: 60 },
    // The fault suite and the hostile-input corpus: real processes, real faults (broker kill -9, Postgres crash, ...).
    { ...common, displayName: 'faults', testMatch: ['<rootDir>/test/faults/**/*.faults-spec.ts'], slowTestThreshold: 120 },
  ],
};
