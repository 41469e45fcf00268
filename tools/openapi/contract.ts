// The API contract's inputs, generated from the code (libs/runtime/src/openapi/contract.generated.ts):
//
// - what the @nestjs/swagger compiler plugin would add at compile time (this project compiles with
//   SWC, which runs no TypeScript plugins), generated ahead of time with the plugin's own
//   ReadonlyVisitor: every DTO's properties with their types, optionality and class-validator
//   rules, every route's summary and description from the JSDoc comment above it;
// - what every route answers, as JSON Schema, from the types its handler returns (response-schemas.ts).
//
// One source: the DTO classes, the controllers, the use cases' result types and their comments.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ReadonlyVisitor as Visitor } from '@nestjs/swagger/dist/plugin';
import * as ts from 'typescript';
import { ResponseSchemas } from './response-schemas';

// The package exports the plugin as `@nestjs/swagger/plugin`; its types live under dist/.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ReadonlyVisitor } = require('@nestjs/swagger/plugin') as { ReadonlyVisitor: typeof Visitor };

const ROOT = resolve(__dirname, '../..');
export const CONTRACT_FILE = join(ROOT, 'libs/runtime/src/openapi/contract.generated.ts');

/** Where the error body's type is declared: every error response refers to it. */
const PROBLEM_FILE = join(ROOT, 'libs/platform/src/http/problem-details.filter.ts');

const isSource = (f: string) => /\/libs\/[^/]+\/src\//.test(f) && !/\.(spec|int-spec|e2e-spec|faults-spec)\.ts$/.test(f);

export function generateContract(): string {
  const configFile = ts.readConfigFile(join(ROOT, 'tsconfig.json'), (p) => readFileSync(p, 'utf8'));
  const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, ROOT);
  const candidates = parsed.fileNames.filter((f) => isSource(f) && /\.(controller|dto|command)\.ts$/.test(f));
  const program = ts.createProgram([...candidates, PROBLEM_FILE], parsed.options);
  const sources = program.getSourceFiles().filter((sf) => candidates.includes(sf.fileName));
  const controllers = sources.filter((sf) => sf.text.includes('@Controller('));

  const outDir = dirname(CONTRACT_FILE);
  const options = { pathToSource: outDir, introspectComments: true, classValidatorShim: true, controllerKeyOfComment: 'summary' as const };
  // The plugin visits a file either as DTOs or as a controller, never both: two passes.
  const models = new ReadonlyVisitor({ ...options, dtoFileNameSuffix: ['.dto.ts', '.controller.ts', '.command.ts'], controllerFileNameSuffix: ['.none'] });
  const routes = new ReadonlyVisitor({ ...options, dtoFileNameSuffix: ['.none'], controllerFileNameSuffix: ['.controller.ts'] });
  for (const sf of sources) {
    models.visit(program, sf);
    routes.visit(program, sf);
  }
  const responses = new ResponseSchemas(program.getTypeChecker());
  const routed = responses.routes(controllers);
  responses.named(program.getSourceFile(PROBLEM_FILE)!, 'ProblemDetails');

  const f = ts.factory;
  const entries = (list: ReturnType<Visitor['collect']>['models']) =>
    f.createArrayLiteralExpression(
      list.map(([imp, meta]: [ts.CallExpression, unknown]) =>
        f.createArrayLiteralExpression([
          imp,
          f.createObjectLiteralExpression(
            Object.entries(meta as Record<string, unknown>).map(([cls, node]) => f.createPropertyAssignment(f.createIdentifier(cls), literal(node))),
            true,
          ),
        ]),
      ),
      true,
    );
  // Model metadata is a node per class; controller metadata a plain object of nodes per method.
  const literal = (value: unknown): ts.Expression =>
    typeof (value as ts.Node).kind === 'number'
      ? (value as ts.Expression)
      : f.createObjectLiteralExpression(Object.entries(value as Record<string, unknown>).map(([k, v]) => f.createPropertyAssignment(f.createIdentifier(k), literal(v))), true);
  const typeImports = { ...models.typeImports, ...routes.typeImports };
  const imports = f.createObjectLiteralExpression(
    Object.entries(typeImports as Record<string, string>).map(([path, ref]) => f.createPropertyAssignment(f.createComputedPropertyName(f.createStringLiteral(path)), f.createIdentifier(ref))),
    true,
  );
  const plugin = f.createArrowFunction(
    [f.createModifier(ts.SyntaxKind.AsyncKeyword)],
    undefined,
    [],
    undefined,
    undefined,
    f.createBlock(
      [
        f.createVariableStatement(undefined, f.createVariableDeclarationList([f.createVariableDeclaration('t', undefined, undefined, imports)], ts.NodeFlags.Const)),
        f.createReturnStatement(
          f.createObjectLiteralExpression(
            [
              f.createPropertyAssignment(
                f.createStringLiteral('@nestjs/swagger'),
                f.createObjectLiteralExpression([f.createPropertyAssignment('models', entries(models.collect().models)), f.createPropertyAssignment('controllers', entries(routes.collect().controllers))], true),
              ),
            ],
            true,
          ),
        ),
      ],
      true,
    ),
  );
  const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed });
  const sf = ts.createSourceFile('contract.generated.ts', '', ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const pluginText = printer.printNode(ts.EmitHint.Unspecified, f.createVariableStatement(undefined, f.createVariableDeclarationList([f.createVariableDeclaration('pluginMetadata', undefined, undefined, plugin)], ts.NodeFlags.Const)), sf);
  const responseMap = Object.fromEntries(routed.map((r) => [r.operationId, r.schema ?? null]));
  return [
    '/* eslint-disable */',
    '// Generated by `npm run openapi -- write` (tools/openapi/contract.ts) from the DTOs, controllers and',
    '// the types their handlers return. Do not edit: change the code and run it again.',
    "import type { ApiContract } from '@questline/platform';",
    '',
    pluginText,
    '',
    'export const contract: ApiContract = {',
    '  pluginMetadata,',
    `  responses: ${JSON.stringify(responseMap, null, 2).replace(/\n/g, '\n  ')},`,
    `  components: ${JSON.stringify(sortKeys(responses.components), null, 2).replace(/\n/g, '\n  ')},`,
    '};',
    '',
  ].join('\n');
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}
