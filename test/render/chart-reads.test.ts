/** What counts as "read" by a chart (lib/ops/render/chart-reads), on a small chart made here. */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { analyseChartReads, chartReads, valueReach } from '../../lib/ops/render/chart-reads/chart-reads';
import { keptFile } from '../../lib/ops/render/chart-reads/kept';
import { schemaReach } from '../../lib/ops/render/chart-reads/schema-reads';

let dir: string;

function write(path: string, text: string): void {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), text);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'edp-chart-reads-'));
  write('Chart.yaml', 'apiVersion: v2\nname: demo\nversion: 1.0.0\ndependencies:\n  - name: db\n    alias: database\n    condition: database.enabled\n    version: 1.0.0\n  - name: lib\n    version: 1.0.0\n');
  write('values.yaml', 'image:\n  tag: "1.0"\npodAnnotations: {}\nextraEnv: []\nservice:\n  port: 80\nkind: deployment\n');
  write(
    'templates/deployment.yaml',
    [
      '{{- $svc := .Values.service }}',
      'port: {{ $svc.port }} {{ $svc.targetPort }}',
      '{{- with .Values.ingress }}{{ if .enabled }}host: {{ .host }}{{ end }}{{ end }}',
      '{{- range .Values.hosts }}- {{ .name }}{{ end }}',
      '{{- if hasKey .Values "legacy" }}{{ end }}',
      '{{- $x := index .Values "probes" "liveness" }}{{ $x.path }}',
      '{{- dig "resources" "limits" "cpu" "1" .Values }}',
      'labels: {{ toYaml .Values.labels | nindent 2 }}',
      '{{- include "demo.env" .Values.env }}',
      '{{- $conf := include "demo.conf" . | fromYaml }}{{ $conf.mode }}',
      '{{ .Values | toYaml | sha256sum }}',
      '{{- range $k, $v := .Values.config }}{{ $k }}={{ $v }}{{ end }}',
      '{{- $mode := .Values.kind }}{{ (index .Values $mode).replicas }}',
    ].join('\n'),
  );
  write('templates/_helpers.tpl', '{{- define "demo.env" }}{{ range .list }}{{ .name }}{{ end }}{{ end }}\n{{- define "demo.conf" }}{{ toYaml .Values.settings }}{{ end }}\n');
  write('charts/db/Chart.yaml', 'apiVersion: v2\nname: db\nversion: 1.0.0\n');
  write('charts/db/values.yaml', 'auth:\n  password: ""\nglobal:\n  storageClass: ""\n');
  write('charts/db/templates/secret.yaml', 'user: {{ .Values.auth.username }}\nclass: {{ .Values.global.imageRegistry }}\n');
  write('charts/lib/Chart.yaml', 'apiVersion: v2\nname: lib\nversion: 1.0.0\ntype: library\n');
  write('charts/lib/templates/_names.tpl', '{{- define "lib.name" }}{{ .Values.nameOverride }}{{ end }}\n');
  write('templates/name.yaml', 'name: {{ include "lib.name" . }}\n');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const reach = (path: string, leaf = true) => valueReach(chartReads(dir), path.split('.'), leaf);
/** Read at all: `known` (look further down) or `whole` (printed, toYaml: all below is read). */
const read = (path: string, leaf = true) => reach(path, leaf) !== 'unknown';

test('values.yaml: a listed key is read; an empty map or list there is free-form', () => {
  expect(reach('image.tag')).toBe('known');
  expect(read('image.tga')).toBe(false);
  expect(reach('podAnnotations.example/x')).toBe('whole');
  expect(reach('extraEnv.*.name')).toBe('whole');
});

test('templates: field chains through variables, with, range, index, dig and hasKey', () => {
  expect(read('service.targetPort')).toBe(true);
  expect(read('ingress.host')).toBe(true);
  expect(read('ingress.hots')).toBe(false);
  expect(read('hosts.*.name')).toBe(true);
  expect(read('hosts.*.nmae')).toBe(false);
  expect(read('legacy', false)).toBe(true);
  expect(read('probes.liveness.path')).toBe(true);
  expect(read('resources.limits.cpu')).toBe(true);
  expect(read('resources.limits.memory')).toBe(false);
  expect(read('deployment.replicas')).toBe(true); // the key is the default of .Values.kind
});

test('templates: what is printed or handed to toYaml is read as a whole, a hash of all values is not', () => {
  expect(reach('labels.team.below')).toBe('whole');
  expect(reach('config.ANY_KEY')).toBe('whole');
  expect(read('nothing.of.this')).toBe(false);
});

test('helpers are followed with their argument and their result', () => {
  // include "demo.env" .Values.env ranges over .list and prints .name
  expect(read('env.list.*.name')).toBe(true);
  expect(read('env.list.*.value')).toBe(false);
  // include "demo.conf" . | fromYaml: the helper prints toYaml .Values.settings, the caller reads .mode
  expect(read('settings.mode')).toBe(true);
  expect(read('settings.anything')).toBe(false);
});

test('a leaf must be read where it is, not only be on the way to a key below', () => {
  expect(read('probes.liveness', true)).toBe(false);
  expect(read('probes.liveness', false)).toBe(true);
});

test('subcharts under their alias, their condition, global shared; a library renders with the parent\'s values', () => {
  expect(read('database.enabled')).toBe(true);
  expect(read('database.auth.username')).toBe(true);
  expect(read('database.auth.usernme')).toBe(false);
  expect(read('db.auth.username')).toBe(false);
  expect(read('global.imageRegistry')).toBe(true);
  expect(read('global.storageClass')).toBe(true);
  expect(read('global.imageRegistri')).toBe(false);
  expect(read('nameOverride')).toBe(true);
});

test('values.schema.json: described keys, patterns, open maps, closed objects', () => {
  const schema = {
    $defs: { port: { type: 'integer' } },
    type: 'object',
    properties: {
      service: { type: 'object', additionalProperties: false, properties: { port: { $ref: '#/$defs/port' } } },
      labels: { type: 'object', additionalProperties: { type: 'string' } },
      annotations: { type: 'object' },
      env: { type: 'object', patternProperties: { '^[A-Z_]+$': { type: 'string' } } },
      both: { allOf: [{ properties: { a: { type: 'string' } } }, { additionalProperties: false, properties: { a: {}, b: { type: 'string' } } }] },
    },
  };
  expect(schemaReach(schema, ['service', 'port'])).toBe('known');
  expect(schemaReach(schema, ['service', 'prot'])).toBe('closed');
  expect(schemaReach(schema, ['labels', 'team'])).toBe('known');
  expect(schemaReach(schema, ['annotations', 'x/y'])).toBe('whole');
  expect(schemaReach(schema, ['env', 'LOG_LEVEL'])).toBe('known');
  expect(schemaReach(schema, ['env', 'lower'])).toBe('unknown');
  expect(schemaReach(schema, ['both', 'b'])).toBe('known');
  expect(schemaReach(schema, ['both', 'c'])).toBe('closed');
  expect(schemaReach(schema, ['other'])).toBe('unknown');
});

describe('kept on disk (kept.ts)', () => {
  type Trie = { whole: boolean; end: boolean; children: Map<string, Trie> };
  const plain = (t: Trie): unknown => [t.whole, t.end, [...t.children].map(([k, c]) => [k, plain(c)])];
  const normal = (n: ReturnType<typeof chartReads>): unknown => ({ ...n, defaults: plain(n.defaults), helmReads: plain(n.helmReads), templates: plain(n.templates), subcharts: [...n.subcharts].map(([k, s]) => [k, normal(s)]) });
  const freshModule = () => {
    let m: typeof import('../../lib/ops/render/chart-reads/chart-reads') | undefined;
    jest.isolateModules(() => (m = jest.requireActual<typeof import('../../lib/ops/render/chart-reads/chart-reads')>('../../lib/ops/render/chart-reads/chart-reads')));
    return m!;
  };

  it('answers as the analysis of the chart itself, read back in a new process', () => {
    const analysed = normal(analyseChartReads(dir));
    freshModule().chartReads(dir); // analyses and keeps (or finds it kept)
    expect(existsSync(keptFile(dir))).toBe(true);
    expect(normal(freshModule().chartReads(dir))).toEqual(analysed);
  });

  it('reads what is kept under the chart\'s key, and analyses again when a chart file changes', () => {
    freshModule().chartReads(dir);
    const file = keptFile(dir);
    const kept = readFileSync(file, 'utf8');
    const copy = mkdtempSync(join(tmpdir(), 'edp-chart-reads-copy-'));
    try {
      writeFileSync(file, JSON.stringify({ ...(JSON.parse(kept) as object), name: 'planted' }));
      expect(freshModule().chartReads(dir).name).toBe('planted');
      // A changed template is another chart: a new key (in a new process: the digest is per process).
      cpSync(dir, copy, { recursive: true });
      writeFileSync(join(copy, 'templates', 'extra.yaml'), 'x: {{ .Values.plantedKey }}\n');
      const changed = freshModule().chartReads(copy);
      expect(changed.name).toBe('demo');
      expect([changed.templates.children.has('plantedKey'), analyseChartReads(dir).templates.children.has('plantedKey')]).toEqual([true, false]);
    } finally {
      writeFileSync(file, kept); // what the chart's analysis gives: later runs read it
      rmSync(keptFile(copy), { force: true });
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
