import { applyOperation, deepClone, getValueByPointer, type Operation } from 'fast-json-patch';

/**
 * Declarative upcast steps, written in the NEWER schema's `x-questline.upcast` (seed 002 §5.3:
 * transform older events into the current version before processing). JSON Patch (RFC 6902)
 * does the pointer work; `default` and `rename`/`remove` of an absent field are no-ops, so a
 * step is safe on any payload that validated against the previous version.
 */
export type UpcastOp =
  | { op: 'rename'; from: string; to: string }
  | { op: 'copy'; from: string; to: string }
  | { op: 'remove'; path: string }
  | { op: 'default'; path: string; value: unknown }
  | { op: 'set'; path: string; value: unknown }
  /** Multiplies a numeric field (unit changes, e.g. km → m). */
  | { op: 'scale'; path: string; factor: number }
  /** Moves a value into a one-element array: `{ op: to-array, from: /role, to: /roles }`. */
  | { op: 'to-array'; from: string; to: string }
  /** Wraps a scalar into an object: `{ op: wrap, path: /weight, key: value }` turns 70 into { value: 70 }. */
  | { op: 'wrap'; path: string; key: string; with?: Record<string, unknown> };

/** The value at a JSON pointer, or undefined when any part of the path is missing. */
export function valueAt(doc: object, pointer: string): unknown {
  try {
    return getValueByPointer(doc, pointer) as unknown;
  } catch {
    return undefined;
  }
}

const has = (doc: object, pointer: string) => valueAt(doc, pointer) !== undefined;

function apply(doc: Record<string, unknown>, op: Operation): void {
  applyOperation(doc, op, false, true, false);
}

/** Applies one version's steps to a deep copy of the payload. */
export function applyUpcast(payload: Record<string, unknown>, ops: readonly UpcastOp[]): Record<string, unknown> {
  const doc = deepClone(payload) as Record<string, unknown>;
  for (const step of ops) {
    switch (step.op) {
      case 'rename':
        if (has(doc, step.from)) apply(doc, { op: 'move', from: step.from, path: step.to });
        break;
      case 'copy':
        if (has(doc, step.from)) apply(doc, { op: 'copy', from: step.from, path: step.to });
        break;
      case 'remove':
        if (has(doc, step.path)) apply(doc, { op: 'remove', path: step.path });
        break;
      case 'default':
        if (!has(doc, step.path)) apply(doc, { op: 'add', path: step.path, value: deepClone(step.value) });
        break;
      case 'set':
        apply(doc, { op: 'add', path: step.path, value: deepClone(step.value) });
        break;
      case 'to-array': {
        if (!has(doc, step.from)) break;
        const v = getValueByPointer(doc, step.from) as unknown;
        apply(doc, { op: 'remove', path: step.from });
        apply(doc, { op: 'add', path: step.to, value: [v] });
        break;
      }
      case 'scale': {
        if (!has(doc, step.path)) break;
        const v = getValueByPointer(doc, step.path) as unknown;
        if (typeof v === 'number') apply(doc, { op: 'replace', path: step.path, value: v * step.factor });
        break;
      }
      case 'wrap': {
        if (!has(doc, step.path)) break;
        const v = getValueByPointer(doc, step.path) as unknown;
        apply(doc, { op: 'replace', path: step.path, value: { ...(step.with ?? {}), [step.key]: v } });
        break;
      }
      default: {
        const never: never = step;
        throw new Error(`unknown upcast op ${JSON.stringify(never)}`);
      }
    }
  }
  return doc;
}

/** JSON Schema of one upcast step, used to validate `x-questline.upcast` when the registry loads. */
export const UPCAST_OP_SCHEMA = {
  type: 'object',
  required: ['op'],
  oneOf: [
    { properties: { op: { const: 'rename' }, from: { type: 'string' }, to: { type: 'string' } }, required: ['from', 'to'] },
    { properties: { op: { const: 'copy' }, from: { type: 'string' }, to: { type: 'string' } }, required: ['from', 'to'] },
    { properties: { op: { const: 'remove' }, path: { type: 'string' } }, required: ['path'] },
    { properties: { op: { const: 'default' }, path: { type: 'string' }, value: true }, required: ['path', 'value'] },
    { properties: { op: { const: 'set' }, path: { type: 'string' }, value: true }, required: ['path', 'value'] },
    { properties: { op: { const: 'to-array' }, from: { type: 'string' }, to: { type: 'string' } }, required: ['from', 'to'] },
    { properties: { op: { const: 'scale' }, path: { type: 'string' }, factor: { type: 'number' } }, required: ['path', 'factor'] },
    { properties: { op: { const: 'wrap' }, path: { type: 'string' }, key: { type: 'string' }, with: { type: 'object' } }, required: ['path', 'key'] },
  ],
} as const;
