// Lint: typescript-eslint (type-aware) + Nx module boundaries that forbid real things:
//  - an app never imports another app (apps only import the runtime and platform libs);
//  - a feature never imports another feature, and stays in its own scope;
//  - domain and contracts libs never import Kafka, Prisma, Redis, pg, HTTP or NestJS code.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const INFRA_PACKAGES = ['kafkajs', '@prisma/*', 'prisma', 'ioredis', 'pg', 'fastify', '@nestjs/*', '@electric-sql/*', 'nestjs-pino'];

const depConstraints = (extra = [], tests = false) => [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:runtime', 'type:util', ...extra] },
  { sourceTag: 'type:runtime', onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:domain', 'type:util', 'type:contracts', ...extra] },
  { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:data-access', 'type:domain', 'type:util', 'type:contracts', ...extra] },
  { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:data-access', 'type:domain', 'type:contracts', ...extra] },
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:contracts', ...extra] },
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', ...extra], bannedExternalImports: INFRA_PACKAGES },
  // The producer SDK: registry and contracts only; its specs use kafkajs' types and a fastify fake server.
  { sourceTag: 'type:sdk', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', ...extra], bannedExternalImports: INFRA_PACKAGES.filter((p) => p !== 'kafkajs' && p !== 'fastify') },
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'], bannedExternalImports: [...INFRA_PACKAGES, '@opentelemetry/*'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:runtime', 'type:feature', 'type:data-access', 'type:domain', 'type:util', 'type:contracts'] },
  { sourceTag: 'scope:ingest', onlyDependOnLibsWithTags: ['scope:ingest', 'scope:shared'] },
  { sourceTag: 'scope:rules', onlyDependOnLibsWithTags: ['scope:rules', 'scope:shared'] },
  // Points and leaderboards meet only through the ports in libs/contracts; a test may wire the two together.
  { sourceTag: 'scope:points', onlyDependOnLibsWithTags: ['scope:points', 'scope:shared', ...(tests ? ['scope:leaderboard'] : [])] },
  { sourceTag: 'scope:leaderboard', onlyDependOnLibsWithTags: ['scope:leaderboard', 'scope:shared'] },
  { sourceTag: 'scope:achievements', onlyDependOnLibsWithTags: ['scope:achievements', 'scope:shared'] },
  { sourceTag: 'scope:notifications', onlyDependOnLibsWithTags: ['scope:notifications', 'scope:shared'] },
  // Analytics reads every context's tables (a read model) but imports none of their code.
  { sourceTag: 'scope:analytics', onlyDependOnLibsWithTags: ['scope:analytics', 'scope:shared'] },
  { sourceTag: 'scope:console', onlyDependOnLibsWithTags: ['scope:console', 'scope:shared'] },
];

const TEST_FILES = ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/*.faults-spec.ts', '**/*.contract.ts', 'test/**/*.ts'];

// Adapters are wired by libs/runtime only; test seams are for tests and benchmarks only.
const SEAMS = {
  adapters: { group: ['@questline/*/adapters'], message: 'Adapters are wired by libs/runtime: depend on the port instead.' },
  testing: { group: ['@questline/*/testing'], message: 'Test seams are for tests and benchmarks only.' },
};
const restrictSeams = (...seams) => ['error', { patterns: seams.map((k) => SEAMS[k]) }];

export default tseslint.config(
  { ignores: ['node_modules/**', '**/generated/**', '**/dist/**', '.infra/**', '.questline/**', '**/*.js', '**/*.cjs', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      eqeqeq: ['error', 'always'],
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.object.name=/^(it|describe|test)$/][callee.property.name=/^(only|skip)$/]", message: 'No focused or skipped tests.' }],
      '@nx/enforce-module-boundaries': ['error', { allow: ['@questline/platform/telemetry', '@questline/*/adapters', '@questline/*/testing'], depConstraints: depConstraints() }],
      '@typescript-eslint/no-restricted-imports': restrictSeams('adapters', 'testing'),
    },
  },
  { files: ['libs/runtime/**/*.ts'], rules: { '@typescript-eslint/no-restricted-imports': restrictSeams('testing') } },
  { files: ['libs/*/src/testing.ts', 'libs/*/src/adapters.ts', 'bench/**/*.ts'], rules: { '@typescript-eslint/no-restricted-imports': 'off' } },
  {
    // Tests may use the testing lib and the test seams on top of what their project may use.
    files: TEST_FILES,
    rules: {
      '@nx/enforce-module-boundaries': ['error', { allow: ['@questline/platform/telemetry', '@questline/*/adapters', '@questline/*/testing'], depConstraints: depConstraints(['type:testing', 'type:feature'], true) }],
      '@typescript-eslint/no-restricted-imports': 'off',
    },
  },
);
