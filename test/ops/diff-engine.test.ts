/** The config diff's comparison and rendering, on hand-made cdk.tf.json documents. */
import { stringify } from 'yaml';
import { DiffReport, renderJson, renderMarkdown, renderText } from '../../lib/ops/diff/render';
import { diffApps, diffStack, stackBlocks } from '../../lib/ops/diff/stacks';
import { Json, diffValues, formatPath, formatValue } from '../../lib/ops/diff/values';

const lines = (v: Json, w: Json) => diffValues(v, w).map((c) => `${c.kind} ${formatPath(c.path)}: ${formatValue(c.before)} -> ${formatValue(c.after)}`);

function application(name: string, namespace: string, replicas: number, revision = '9.1.5') {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace: 'argocd' },
    spec: {
      project: 'core',
      destination: { namespace, server: 'https://kubernetes.default.svc' },
      source: { repoURL: 'https://argoproj.github.io/argo-helm', chart: name, targetRevision: revision, helm: { valuesObject: { server: { replicas } } } },
    },
  };
}

/** A stack like the platform layer makes: a chart release and the raw chart holding Applications. */
function stack(opts: { replicas?: number; chartVersion?: string; apps?: ReturnType<typeof application>[]; path?: string } = {}): Json {
  const apps = opts.apps ?? [application('argocd', 'argocd', opts.replicas ?? 1)];
  return {
    '//': { metadata: { stackName: 'nonprod-x', version: '0.21.0' } },
    provider: { helm: [{ kubernetes: { config_path: '~/.kube/config' } }] },
    terraform: { backend: { local: { path: 'x.tfstate' } }, required_providers: { helm: { source: 'hashicorp/helm', version: '3.1.1' } } },
    resource: {
      helm_release: {
        ArgoCd: { '//': { metadata: { path: opts.path ?? 'nonprod-x/Platform/ArgoCd' } }, name: 'argocd', chart: 'argo-cd', version: opts.chartVersion ?? '9.1.5', values: [stringify({ server: { replicas: opts.replicas ?? 1, insecure: true } })] },
        Applications: { name: 'applications', chart: 'raw', version: '2.0.0', values: [stringify({ resources: apps })] },
      },
    },
  } as Json;
}

describe('value differences', () => {
  it('names changed, added and removed attributes by key path', () => {
    expect(lines({ a: 1, b: { c: 'x', d: true } }, { a: 2, b: { c: 'x', e: null } })).toEqual([
      'changed a: 1 -> 2',
      'removed b.d: true -> (none)',
      'added b.e: (none) -> null',
    ]);
  });

  it('compares YAML inside strings (helm values) as structure', () => {
    expect(lines({ values: [stringify({ server: { replicas: 1 }, dex: { enabled: true } })] }, { values: [stringify({ server: { replicas: 2 }, dex: { enabled: true } })] })).toEqual([
      'changed values[0].server.replicas: 1 -> 2',
    ]);
  });

  it('compares JSON inside one-line strings (policies) as structure', () => {
    const policy = (effect: string) => JSON.stringify({ Statement: [{ Effect: effect, Action: ['s3:GetObject'] }] });
    expect(lines({ policy: policy('Allow') }, { policy: policy('Deny') })).toEqual(['changed policy.Statement[0].Effect: Allow -> Deny']);
  });

  it('matches Kubernetes objects by kind and name, so an inserted one changes nothing else', () => {
    const before = [application('argocd', 'argocd', 1), application('dex', 'dex', 1)];
    const after = [application('argocd', 'argocd', 1), application('coder', 'coder', 1), application('dex', 'dex', 2)];
    expect(diffValues(before as unknown as Json, after as unknown as Json).map((c) => `${c.kind} ${formatPath(c.path)}`)).toEqual([
      'changed [Application argocd/dex].spec.source.helm.valuesObject.server.replicas',
      'added [Application argocd/coder]',
    ]);
  });

  it('matches named items by name, and compares plain lists as a whole', () => {
    expect(lines({ pools: [{ name: 'a', n: 1 }, { name: 'b', n: 1 }] }, { pools: [{ name: 'b', n: 2 }, { name: 'a', n: 1 }] })).toEqual(['changed pools[name=b].n: 1 -> 2']);
    expect(lines({ cidrs: ['10.0.0.0/8'] }, { cidrs: ['10.0.0.0/8', '192.168.0.0/16'] })).toEqual(['changed cidrs: ["10.0.0.0/8"] -> ["10.0.0.0/8","192.168.0.0/16"]']);
  });

  it('quotes keys that are not plain names, and values that would read ambiguously', () => {
    expect(lines({ annotations: { 'cert-manager.io/cluster-issuer': 'main' } }, { annotations: { 'cert-manager.io/cluster-issuer': 'staging issuer' } })).toEqual([
      'changed annotations["cert-manager.io/cluster-issuer"]: main -> "staging issuer"',
    ]);
    expect(formatValue('1')).toBe('"1"');
    expect(formatValue('true')).toBe('"true"');
    expect(formatValue('')).toBe('""');
    expect(formatValue('x y'.repeat(100))).toMatch(/^"x yx y.*… \(302 characters\)$/);
  });

  it('reports nothing for equal values', () => {
    expect(diffValues(stack(), stack())).toEqual([]);
  });
});

describe('stack differences', () => {
  it('addresses blocks as Terraform does and ignores cdktf metadata', () => {
    expect([...stackBlocks(stack()).keys()]).toEqual([
      'provider.helm',
      'terraform.backend',
      'terraform.required_providers',
      'helm_release.ArgoCd',
      'helm_release.Applications',
    ]);
    expect(diffStack('nonprod-x', stack({ path: 'a/b' }), stack({ path: 'c/d' })).kind).toBe('unchanged');
  });

  it('shows a chart version bump and a helm value change on the release, and nothing else', () => {
    const diff = diffStack('nonprod-x', stack(), stack({ chartVersion: '9.1.6' }));
    expect(diff.kind).toBe('changed');
    expect(diff.blocks.map((b) => [b.address, b.changes.map((c) => formatPath(c.path))])).toEqual([['helm_release.ArgoCd', ['version']]]);
  });

  it('lists stacks added, removed, changed and unchanged', () => {
    const tf = (replicas: number) => JSON.stringify(stack({ replicas }));
    const diffs = diffApps(new Map([['a', tf(1)], ['b', tf(1)], ['c', tf(1)]]), new Map([['b', tf(1)], ['c', tf(2)], ['d', tf(1)]]));
    expect(diffs.map((d) => [d.id, d.kind, d.blocks.length])).toEqual([
      ['a', 'removed', 5],
      ['b', 'unchanged', 0],
      ['c', 'changed', 2],
      ['d', 'added', 5],
    ]);
  });
});

describe('rendering', () => {
  const report: DiffReport = {
    base: 'HEAD~1 (1234567)',
    head: 'working tree',
    stacks: diffApps(
      new Map([['nonprod-x', JSON.stringify(stack())], ['prod-y', JSON.stringify(stack())]]),
      new Map([['nonprod-x', JSON.stringify(stack({ replicas: 2, apps: [application('argocd', 'argocd', 2, '9.1.6'), application('dex', 'dex', 1)] }))], ['prod-y', JSON.stringify(stack())]]),
    ),
  };

  it('prints changes inside an Application as key paths under that Application', () => {
    expect(renderText(report)).toBe(
      [
        'Config diff: HEAD~1 (1234567) -> working tree',
        '',
        '~ nonprod-x: 2 changed',
        '    ~ helm_release.Applications',
        '          values[0].resources[Application argocd/argocd]:',
        '            ~ spec.source.helm.valuesObject.server.replicas: 1 -> 2',
        '            ~ spec.source.targetRevision: 9.1.5 -> 9.1.6',
        '        + values[0].resources[Application argocd/dex]',
        '    ~ helm_release.ArgoCd',
        '        ~ values[0].server.replicas: 1 -> 2',
        '',
        'Unchanged: prod-y',
        'Stacks: 1 changed, 0 added, 0 removed, 1 unchanged.',
        '',
      ].join('\n'),
    );
  });

  it('prints a Markdown summary for the pull request job', () => {
    const md = renderMarkdown(report);
    expect(md).toContain('| `nonprod-x` | 2 changed |\n| `prod-y` | unchanged |');
    expect(md).toContain('```diff\n~ helm_release.Applications\n     values[0].resources[Application argocd/argocd]:\n~       spec.source.helm.valuesObject.server.replicas: 1 -> 2\n');
    expect(md).not.toContain('<code>prod-y</code>');
  });

  it('prints JSON for scripts', () => {
    const json = JSON.parse(renderJson(report));
    expect(json.changed).toBe(true);
    expect(json.stacks[0].blocks[1]).toEqual({ address: 'helm_release.ArgoCd', kind: 'changed', changes: [{ path: 'values[0].server.replicas', kind: 'changed', before: 1, after: 2 }] });
  });

  it('prints multi-line text that is no document as changed lines', () => {
    const r: DiffReport = { base: 'b', head: 'h', stacks: [diffStack('s', { output: { script: { value: 'a b\nc d\ne f' } } }, { output: { script: { value: 'a b\nc D\ne f' } } })] };
    expect(renderText(r)).toContain('    ~ output.script\n        ~ value:\n            + c D\n            - c d\n');
  });
});
