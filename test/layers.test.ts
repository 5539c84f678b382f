import { readFileSync, readdirSync } from 'fs';
import { join, relative } from 'path';
import { checkReferences } from '../lib/config/checks';
import type { EnvironmentConfig } from '../lib/config/model';
import { STACK_RULES } from '../lib/environment-stack/stack-rules';
import { STACKS } from '../lib/platform/catalogue';
import { LAYER_TIERS, SourceFile, importViolations } from './support/layers';

const ROOT = join(__dirname, '..');

function sources(dir: string): SourceFile[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') ? [{ path: relative(ROOT, path).split('\\').join('/'), text: readFileSync(path, 'utf8') }] : [];
  });
}

const LIB = [...sources(join(ROOT, 'lib')), { path: 'main.ts', text: readFileSync(join(ROOT, 'main.ts'), 'utf8') }];
const RULE = LAYER_TIERS.map((t) => t.join(', ')).join(' <- ');

function planted(path: string, line: string): SourceFile[] {
  return LIB.map((f) => (f.path === path ? { path, text: `${f.text}${line}\n` } : f));
}

describe('import direction of lib/', () => {
  it('holds: every import of lib/**/*.ts and main.ts goes to its own layer or a lower one', () => {
    expect(LIB.length).toBeGreaterThan(100);
    expect(importViolations(LIB)).toEqual([]);
  });

  it('fails if a lower layer imports a higher one, naming file, line, module and rule', () => {
    const files = planted('lib/config/checks.ts', "import { STACKS } from '../platform/catalogue';");
    const line = files.find((f) => f.path === 'lib/config/checks.ts')!.text.trimEnd().split('\n').length;
    expect(importViolations(files)).toEqual([`lib/config/checks.ts:${line}: imports lib/platform/catalogue: config may not import platform, a higher layer (${RULE})`]);
  });

  it('fails if a layer imports a sibling of its tier (infra -> platform), also through export ... from', () => {
    const files = planted('lib/infra/backup.ts', "export type { PlatformProps } from '../platform';");
    expect(importViolations(files)).toEqual([expect.stringMatching(/^lib\/infra\/backup\.ts:\d+: imports lib\/platform: infra and platform are layers of one tier and never import each other/)]);
  });

  it('fails if the policy reaches into the platform again (the manifest type lives in contracts)', () => {
    const files = planted('lib/policy/aspect.ts', "const m = require('../platform/index');");
    expect(importViolations(files)).toEqual([expect.stringContaining('lib/policy/aspect.ts')]);
  });

  it('fails if a file lies in a folder that is no layer', () => {
    expect(importViolations([{ path: 'lib/helpers/x.ts', text: '' }])).toEqual([expect.stringMatching(/^lib\/helpers\/x\.ts: lies in no layer/)]);
  });
});

describe('the config loader knows no stack', () => {
  /** Stack names written as string literals in a file: knowledge that belongs to the catalogue. */
  const stackLiterals = (text: string) => STACKS.map((s) => s.name).filter((name) => text.includes(`'${name}'`) || text.includes(`"${name}"`));
  const checks = LIB.find((f) => f.path === 'lib/config/checks.ts')!;

  it('lib/config/checks.ts names no stack: which stack reports to which comes with the rules', () => {
    expect(stackLiterals(checks.text)).toEqual([]);
  });

  it('fails if a check names a stack again', () => {
    expect(stackLiterals(`${checks.text}\nconst wantsClient = (s: string[]) => s.includes('observability-client');\n`)).toEqual(['observability-client']);
  });

  it('the rules carry which stacks observability.central must run, from the catalogue\'s needsRemote', () => {
    const reading = STACKS.filter((s) => (s.needsRemote ?? []).length > 0).map((s) => [s.name, [...s.needsRemote!]]);
    expect(reading).toEqual([['observability-client', ['observability']]]);
    expect(STACK_RULES.filter((r) => r.central).map((r) => [r.name, r.central])).toEqual(reading);
  });

  it('fails if the rules lose the relation: the loader then has nothing to check observability.central against', () => {
    const env = (stackId: string, stacks: string[], central?: string) =>
      ({ stackId, tenantName: 'prod', file: `environments/prod/${stackId}.yaml`, settings: { stacks, observability: { central } } }) as unknown as EnvironmentConfig;
    const envs = [env('prod-edp', ['core', 'observability-client']), env('prod-observability', ['core'])];
    expect(checkReferences(envs, STACK_RULES).map((p) => p.message)).toEqual(['expected the central observability environment for observability-client (e.g. "observability"), got nothing']);
    expect(checkReferences(envs, STACK_RULES.map(({ central: _central, ...r }) => r))).toEqual([]);
  });
});
