// Lint: typescript-eslint (type-aware) + Nx module boundaries that forbid real things:
//  - an app never imports another app (apps only import the runtime and platform libs);
//  - a feature never imports another feature, and stays in its own scope;
//  - domain and contracts libs never import Kafka, Prisma, Redis, pg, HTTP or NestJS code.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const INFRA_PACKAGES = ['kafkajs', '@prisma/*', 'prisma', 'ioredis', 'pg', 'fastify', '@nestjs/*', '@electric-sql/*', 'nestjs-pino'];

const depConstraints = (extra = []) => [
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
  { sourceTag: 'scope:points', onlyDependOnLibsWithTags: ['scope:points', 'scope:shared'] },
  { sourceTag: 'scope:achievements', onlyDependOnLibsWithTags: ['scope:achievements', 'scope:shared'] },
  { sourceTag: 'scope:notifications', onlyDependOnLibsWithTags: ['scope:notifications', 'scope:shared'] },
];

const TEST_FILES = ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/*.contract.ts', 'test/**/*.ts'];

export default tseslint.config(
  { ignores: ['node_modules/**', '**/generated/**', 'dist/**', '.infra/**', '.questline/**', '**/*.js', '**/*.cjs', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      eqeqeq: ['error', 'always'],
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.object.name=/^(it|describe|test)$/][callee.property.name=/^(only|skip)$/]", message: 'No focused or skipped tests.' }],
      '@nx/enforce-module-boundaries': ['error', { allow: ['@questline/platform/telemetry'], depConstraints: depConstraints() }],
    },
  },
  {
    // Tests may use the testing lib on top of what their project may use.
    files: TEST_FILES,
    rules: { '@nx/enforce-module-boundaries': ['error', { allow: ['@questline/platform/telemetry'], depConstraints: depConstraints(['type:testing']) }] },
  },
);
