// What each route answers, as JSON Schema, read from the TypeScript types the handlers return.
//
// The handlers return use-case results whose types are mostly inferred (no class to decorate), so
// neither the @nestjs/swagger plugin (classes only) nor ts-json-schema-generator (type syntax, not
// inferred types: it cannot index a class's method) can describe them. The compiler's checker can:
// it resolves every return type to its final shape, which this file writes down as JSON Schema
// 2020-12 (OpenAPI 3.1). Named interfaces and type aliases become components; anonymous shapes are
// inlined. The JSON a handler's value serialises to is described, not the value: a Date is a
// date-time string, undefined properties are optional, functions are dropped.
import * as ts from 'typescript';

export type JsonSchema = Record<string, unknown>;

export interface RouteResponse {
  /** `Users_getProfile`: controller name without `Controller`, `_`, method (the document's operationId). */
  operationId: string;
  /** undefined: the handler answers no body (void). */
  schema: JsonSchema | undefined;
}

const HTTP_DECORATORS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete']);

export class ResponseSchemas {
  readonly components: Record<string, JsonSchema> = {};
  private readonly ids = new Map<ts.Symbol, string>();

  constructor(private readonly checker: ts.TypeChecker) {}

  /** Every routed method of every controller class in these files. */
  routes(files: readonly ts.SourceFile[]): RouteResponse[] {
    const out: RouteResponse[] = [];
    for (const sf of files) {
      ts.forEachChild(sf, (node) => {
        if (!ts.isClassDeclaration(node) || !node.name || !decoratorNames(node).includes('Controller')) return;
        for (const member of node.members) {
          if (!ts.isMethodDeclaration(member) || !decoratorNames(member).some((d) => HTTP_DECORATORS.has(d))) continue;
          const signature = this.checker.getSignatureFromDeclaration(member);
          if (!signature) continue;
          const returned = unwrapPromise(this.checker, this.checker.getReturnTypeOfSignature(signature));
          out.push({ operationId: `${node.name.text.replace(/Controller$/, '')}_${member.name.getText(sf)}`, schema: isVoid(returned) ? undefined : this.schema(returned, new Set()) });
        }
      });
    }
    return out;
  }

  /** A named type declared in this file, as a component (e.g. the error body). */
  named(file: ts.SourceFile, name: string): void {
    const symbol = this.checker.getSymbolsInScope(file, ts.SymbolFlags.Type).find((s) => s.getName() === name);
    if (!symbol) throw new Error(`${name} is not declared in ${file.fileName}`);
    this.schema(this.checker.getDeclaredTypeOfSymbol(symbol), new Set());
  }

  schema(type: ts.Type, seen: Set<ts.Type>): JsonSchema {
    const c = this.checker;
    const flags = type.getFlags();
    if (flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return {};
    if (flags & ts.TypeFlags.Null) return { type: 'null' };
    if (flags & ts.TypeFlags.StringLiteral) return { type: 'string', const: (type as ts.StringLiteralType).value };
    if (flags & ts.TypeFlags.NumberLiteral) return { type: 'number', const: (type as ts.NumberLiteralType).value };
    if (flags & ts.TypeFlags.BooleanLiteral) return { type: 'boolean', const: c.typeToString(type) === 'true' };
    if (flags & ts.TypeFlags.StringLike) return { type: 'string' };
    if (flags & ts.TypeFlags.NumberLike) return { type: 'number' };
    if (flags & ts.TypeFlags.BooleanLike) return { type: 'boolean' };
    if (flags & ts.TypeFlags.BigIntLike) return { type: 'string', pattern: '^-?\\d+$' };
    if (type.isUnion()) return this.union(type, seen);
    if (type.isIntersection()) return this.object(type, seen);
    const name = type.getSymbol()?.getName();
    if (name === 'Date') return { type: 'string', format: 'date-time' };
    if (c.isArrayType(type) || c.isTupleType(type)) {
      const args = c.getTypeArguments(type as ts.TypeReference);
      if (c.isTupleType(type)) return { type: 'array', prefixItems: args.map((a) => this.schema(a, seen)), minItems: args.length, maxItems: args.length };
      return { type: 'array', items: args[0] ? this.schema(args[0], seen) : {} };
    }
    if (flags & ts.TypeFlags.Object) return this.ref(type, seen) ?? this.object(type, seen);
    return {};
  }

  private union(type: ts.UnionType, seen: Set<ts.Type>): JsonSchema {
    const members = type.types.filter((t) => !(t.getFlags() & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)));
    const literals = members.filter((t) => t.isStringLiteral());
    const nullable = members.some((t) => t.getFlags() & ts.TypeFlags.Null);
    const rest = members.filter((t) => !t.isStringLiteral() && !(t.getFlags() & ts.TypeFlags.Null));
    // `true | false` is how the checker spells boolean.
    const booleans = rest.filter((t) => t.getFlags() & ts.TypeFlags.BooleanLiteral);
    const others = booleans.length === 2 ? rest.filter((t) => !booleans.includes(t)) : rest;
    const parts: JsonSchema[] = [];
    if (literals.length) parts.push({ type: 'string', enum: literals.map((t) => (t as ts.StringLiteralType).value) });
    if (booleans.length === 2) parts.push({ type: 'boolean' });
    parts.push(...others.map((t) => this.schema(t, seen)));
    if (nullable) {
      const only = parts.length === 1 ? parts[0]! : undefined;
      if (only && typeof only['type'] === 'string' && !only['$ref']) return { ...only, type: [only['type'], 'null'], ...(only['enum'] ? { enum: [...(only['enum'] as unknown[]), null] } : {}) };
      parts.push({ type: 'null' });
    }
    return parts.length === 1 ? parts[0]! : { anyOf: parts };
  }

  /** A named interface or alias: a component, referenced. */
  private ref(type: ts.Type, seen: Set<ts.Type>): JsonSchema | undefined {
    const symbol = type.aliasSymbol ?? type.getSymbol();
    if (!symbol || type.aliasTypeArguments?.length || (type as ts.TypeReference).typeArguments?.length) return undefined;
    const name = symbol.getName();
    if (!/^[A-Z][A-Za-z0-9]*$/.test(name) || name === 'Object' || name === 'Record') return undefined;
    const declaration = symbol.declarations?.[0];
    if (!declaration || !(ts.isInterfaceDeclaration(declaration) || ts.isTypeAliasDeclaration(declaration) || ts.isClassDeclaration(declaration))) return undefined;
    let id = this.ids.get(symbol);
    if (!id) {
      id = name;
      for (let n = 2; this.components[id] !== undefined; n++) id = `${name}${n}`;
      this.ids.set(symbol, id);
      this.components[id] = {}; // placeholder: a recursive type refers to itself
      const body = this.object(type, seen);
      const doc = ts.displayPartsToString(symbol.getDocumentationComment(this.checker)).trim();
      this.components[id] = doc ? { description: doc, ...body } : body;
    }
    return { $ref: `#/components/schemas/${id}` };
  }

  private object(type: ts.Type, seen: Set<ts.Type>): JsonSchema {
    if (seen.has(type)) return {};
    const inner = new Set(seen).add(type);
    const c = this.checker;
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const prop of c.getPropertiesOfType(type)) {
      const declaration = prop.valueDeclaration ?? prop.declarations?.[0];
      const propType = declaration ? c.getTypeOfSymbolAtLocation(prop, declaration) : c.getTypeOfSymbol(prop);
      if (propType.getCallSignatures().length > 0) continue; // methods do not serialise
      if (isVoid(propType)) continue;
      const schema = this.schema(propType, inner);
      const doc = ts.displayPartsToString(prop.getDocumentationComment(c)).trim();
      properties[prop.getName()] = doc && !schema['$ref'] ? { description: doc, ...schema } : schema;
      const optional = (prop.getFlags() & ts.SymbolFlags.Optional) !== 0 || (propType.isUnion() && propType.types.some((t) => t.getFlags() & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)));
      if (!optional) required.push(prop.getName());
    }
    const index = c.getIndexInfoOfType(type, ts.IndexKind.String);
    const schema: JsonSchema = Object.keys(properties).length > 0 || !index ? { type: 'object', properties } : { type: 'object' };
    if (required.length) schema['required'] = required;
    if (index) schema['additionalProperties'] = this.schema(index.type, inner);
    if (!index && Object.keys(properties).length === 0) return { type: 'object' };
    return schema;
  }
}

function decoratorNames(node: ts.Node): string[] {
  if (!ts.canHaveDecorators(node)) return [];
  return (ts.getDecorators(node) ?? []).map((d) => {
    const e = d.expression;
    return ts.isCallExpression(e) ? e.expression.getText() : e.getText();
  });
}

/** What a handler's value serialises to: a Promise's value, and a `JsonText<T>` (JSON sent as text) is a `T`. */
function unwrapPromise(checker: ts.TypeChecker, type: ts.Type): ts.Type {
  const awaited = checker.getAwaitedType(type) ?? type;
  if (awaited.getSymbol()?.getName() === 'JsonText') {
    const [shape] = checker.getTypeArguments(awaited as ts.TypeReference);
    if (shape) return shape;
  }
  return awaited;
}

function isVoid(type: ts.Type): boolean {
  const f = type.getFlags();
  if (f & (ts.TypeFlags.Void | ts.TypeFlags.Undefined)) return true;
  return type.isUnion() && type.types.every((t) => t.getFlags() & (ts.TypeFlags.Void | ts.TypeFlags.Undefined));
}
