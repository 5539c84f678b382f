/**
 * CRD validators kept on disk as ajv's standalone code (lib/ops/render/schemas/custom.ts): a
 * process that finds a CRD's saved code runs it instead of compiling, with the same verdicts,
 * and a changed schema is never answered by another schema's code.
 */
import { randomUUID } from 'crypto';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { ApiDefinition } from '../../lib/ops/render/schemas/apis';
import { ROOT } from '../support/synth';

const SAVED = join(ROOT, 'node_modules', '.cache', 'edp-crd-validators');

type Custom = typeof import('../../lib/ops/render/schemas/custom');
/** custom.ts as a new process loads it: nothing compiled in memory yet. */
function freshCustom(): Custom {
  let m: Custom | undefined;
  jest.isolateModules(() => {
    m = jest.requireActual<Custom>('../../lib/ops/render/schemas/custom');
  });
  return m!;
}

/** A CRD version whose schema no other test has: its own saved file. */
function definition(field: string): ApiDefinition {
  const schema = { type: 'object', properties: { spec: { type: 'object', properties: { [field]: { type: 'integer', minimum: 1 } } } } };
  return { schema, served: true, group: 'x.io', version: 'v1', kind: 'X' } as unknown as ApiDefinition;
}

const fields: string[] = [];
const newField = (prefix: string) => {
  const field = `${prefix}${randomUUID().replace(/-/g, '')}`;
  fields.push(field);
  return field;
};
// The saved files of these made-up CRDs are of no use to a later run.
afterAll(() => {
  for (const f of readdirSync(SAVED).filter((f) => f.endsWith('.js'))) if (fields.some((x) => readFileSync(join(SAVED, f), 'utf8').includes(x))) rmSync(join(SAVED, f));
});

const savedFileOf = (field: string) => readdirSync(SAVED).filter((f) => f.endsWith('.js')).find((f) => readFileSync(join(SAVED, f), 'utf8').includes(field));

it('saves the compiled validator; a new process runs the saved code, with the same verdicts', () => {
  const field = newField('f');
  const bad = { apiVersion: 'x.io/v1', kind: 'X', metadata: { name: 'a' }, spec: { [field]: 0, other: true } };
  const compiled = freshCustom().validateCustom(bad, definition(field));
  expect(compiled.map((p) => p.path).sort()).toEqual([`/spec/${field}`, '/spec/other']);
  const file = savedFileOf(field);
  expect(file).toBeDefined();
  expect(freshCustom().validateCustom(bad, definition(field))).toEqual(compiled);
  // What runs is the saved code: planted code answers for it.
  const planted = 'module.exports = function v(){ v.errors = [{ instancePath: "/planted", message: "from the saved code", keyword: "x", params: {} }]; return false; };';
  writeFileSync(join(SAVED, file!), planted);
  expect(freshCustom().validateCustom(bad, definition(field))).toEqual([{ path: '/planted', message: 'from the saved code' }]);
});

it('compiles again for a changed schema, never reusing another schema\'s code', () => {
  const field = newField('g');
  const custom = freshCustom();
  custom.validateCustom({ spec: {} }, definition(field));
  const before = savedFileOf(field)!;
  const changed = definition(field);
  ((changed.schema!.properties as any).spec.properties[field] as Record<string, unknown>).minimum = 5;
  const object = { apiVersion: 'x.io/v1', kind: 'X', metadata: { name: 'a' }, spec: { [field]: 3 } };
  expect(freshCustom().validateCustom(object, changed).map((p) => p.path)).toEqual([`/spec/${field}`]);
  const files = readdirSync(SAVED).filter((f) => f.endsWith('.js') && readFileSync(join(SAVED, f), 'utf8').includes(field));
  expect(files).toHaveLength(2);
  expect(files).toContain(before);
  expect(statSync(join(SAVED, before)).size).toBeGreaterThan(0);
});

describe('patterns in RE2, the API server\'s syntax', () => {
  const withPattern = (pattern: string) => ({ schema: { type: 'object', properties: { spec: { type: 'object', properties: { mode: { type: 'string', pattern } } } } }, served: true, group: 'x.io', version: 'v1', kind: 'X' }) as unknown as ApiDefinition;
  const check = (pattern: string, mode: string) => freshCustom().validateCustom({ apiVersion: 'x.io/v1', kind: 'X', metadata: { name: 'a' }, spec: { mode } }, withPattern(pattern));

  it('takes RE2\'s leading flags (prometheus-operator\'s PrometheusRule: ^(?i)(abort|warn)?$), also from saved code', () => {
    const pattern = `^(?i)(abort|warn)?$${newField('|')}`; // a schema of its own, saved by this test
    expect(check(pattern, 'ABORT')).toEqual([]);
    expect(check(pattern, 'Warn')).toEqual([]);
    expect(check(pattern, 'stop').map((p) => p.path)).toEqual(['/spec/mode']);
    expect(savedFileOf(pattern.slice(-32))).toBeDefined();
  });

  it('fails if a pattern cannot be compiled here: a problem naming why, not a crash', () => {
    expect(check('^(?P<name>a)$', 'a')).toEqual([{ path: '', message: expect.stringMatching(/^cannot be checked against its CRD: its schema cannot be compiled here \(Invalid regular expression: /) }]);
  });
});
