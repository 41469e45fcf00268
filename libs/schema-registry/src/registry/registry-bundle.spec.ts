import { join } from 'node:path';
import { loadRegistrySource, mergeRegistrySources, registrySourceFromFiles } from './load-registry';
import { RegistryLoadError, SchemaRegistry } from './schema-registry';
import { bundleChangeProblems } from '../compatibility/check-compatibility';

const dialect = `id: acme
description: Acme Learn.
detect: [msg_id, kind, actor]
envelope: { type: object, required: [msg_id, kind, sent_at, actor, body] }
map: { id: msg_id, type: kind, userId: actor.id, occurredAt: sent_at, payload: body }
`;
const schema = () =>
  JSON.stringify({
    'x-questline': { status: 'active', description: 'A lesson.', producer: 'lessons', consumers: [], classification: 'primary', retention: 'standard', pii: [] },
    type: 'object',
    required: ['lesson_id'],
    properties: { lesson_id: { type: 'string' } },
  });
const bundle = {
  'dialects/acme.yaml': dialect,
  'acme/namespace.yaml': 'title: Acme\nnaming: dotted\n',
  'acme/lesson.completed/v1.schema.json': schema(),
};
const shipped = loadRegistrySource(join(__dirname, '../../../../event-schemas'));

describe('registry bundles (a tenant\'s registry files held in memory)', () => {
  it('reads the registry folder layout and, merged with the shipped registry, validates its events', () => {
    const registry = new SchemaRegistry(mergeRegistrySources([{ name: 'shipped', source: shipped }, { name: 'acme', source: registrySourceFromFiles(bundle) }]));
    expect(registry.namespace('acme')).toMatchObject({ title: 'Acme', naming: 'dotted', compatibility: 'BACKWARD' });
    expect(registry.dialect('acme')).toBeDefined();
    expect(registry.versions('acme', 'lesson.completed').map((m) => m.version)).toEqual([1]);
    expect(registry.namespace('tektree')).toBeDefined(); // the shipped ones are still there
  });

  it('reports every bad file by path: an unknown layout, a dialect named unlike its file, invalid JSON', () => {
    const bad = { ...bundle, 'acme/README.md': 'hi', 'dialects/other.yaml': dialect, 'acme/lesson.completed/v2.schema.json': '{ not json' };
    try {
      registrySourceFromFiles(bad, 'registry');
      throw new Error('expected a RegistryLoadError');
    } catch (err) {
      expect(err).toBeInstanceOf(RegistryLoadError);
      const problems = (err as RegistryLoadError).problems.join('\n');
      expect(problems).toMatch(/registry\/acme\/README\.md: not a registry file/);
      expect(problems).toMatch(/registry\/dialects\/other\.yaml: id "acme" must match the file name "other"/);
      expect(problems).toMatch(/registry\/acme\/lesson\.completed\/v2\.schema\.json: /);
    }
  });

  it('refuses a namespace or dialect another source defines, naming both', () => {
    const clash = { 'tektree/namespace.yaml': 'title: Mine\nnaming: dotted\n', 'dialects/canonical.yaml': dialect.replace('id: acme', 'id: canonical') };
    expect(() => mergeRegistrySources([{ name: 'SCHEMAS_DIR', source: shipped }, { name: 'tenant "evil"', source: registrySourceFromFiles(clash) }])).toThrow(
      /namespace "tektree" is defined in both SCHEMAS_DIR and tenant "evil"[\s\S]*dialect "canonical" is defined in both SCHEMAS_DIR and tenant "evil"/,
    );
  });

  it('replaceWith swaps a registry in place: holders of the instance see the new contents at once', () => {
    const live = new SchemaRegistry(shipped);
    expect(live.namespace('acme')).toBeUndefined();
    live.replaceWith(new SchemaRegistry(mergeRegistrySources([{ name: 'shipped', source: shipped }, { name: 'acme', source: registrySourceFromFiles(bundle) }])));
    expect(live.namespace('acme')).toBeDefined();
    expect(live.source.namespaces.some((n) => n.namespace === 'acme')).toBe(true);
  });

  it('says which file is wrong and nothing it is not: a misspelt namespace field, a schema without x-questline', () => {
    const build = (files: Record<string, string>) => () => new SchemaRegistry(mergeRegistrySources([{ name: 'shipped', source: shipped }, { name: 'acme', source: registrySourceFromFiles(files, 'registry') }]));
    const misspelt = { ...bundle, 'acme/namespace.yaml': 'title: Acme\nnamig: dotted\n' };
    let problems: string[] = [];
    try {
      build(misspelt)();
    } catch (err) {
      problems = (err as RegistryLoadError).problems;
    }
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.startsWith('registry/acme/namespace.yaml: '))).toBe(true); // not a knock-on "has no namespace.yaml" for its schemas
    expect(problems.join('\n')).toMatch(/naming/);

    const bare = { ...bundle, 'acme/lesson.completed/v1.schema.json': JSON.stringify({ type: 'object' }) };
    try {
      build(bare)();
      throw new Error('expected a RegistryLoadError');
    } catch (err) {
      expect((err as RegistryLoadError).problems).toEqual([expect.stringMatching(/^registry\/acme\/lesson\.completed\/v1\.schema\.json: \/x-questline is missing/)]);
    }
  });

  it('a new bundle may add versions but not change or remove a published one (as schemas diff rules for the shipped registry)', () => {
    const before = registrySourceFromFiles(bundle, 'registry');
    const v2 = JSON.stringify({ ...JSON.parse(schema()), required: ['lesson_id', 'score'], properties: { lesson_id: { type: 'string' }, score: { type: 'integer' } } });
    expect(bundleChangeProblems(before, registrySourceFromFiles({ ...bundle, 'acme/lesson.completed/v2.schema.json': v2 }, 'registry'))).toEqual([]);
    const changed = registrySourceFromFiles({ ...bundle, 'acme/lesson.completed/v1.schema.json': v2 }, 'registry');
    expect(bundleChangeProblems(before, changed)).toEqual([expect.stringMatching(/^registry\/acme\/lesson\.completed\/v1\.schema\.json: breaking change to a published version \(BACKWARD/)]);
    const { 'acme/lesson.completed/v1.schema.json': _gone, ...without } = bundle;
    expect(bundleChangeProblems(before, registrySourceFromFiles(without, 'registry'))).toEqual([expect.stringMatching(/v1\.schema\.json: a published schema version was removed/)]);
  });
});
