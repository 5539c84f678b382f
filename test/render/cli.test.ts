/** `npm run render`: the compiled command as users run it once, the other cases in process. */
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { cleanUp, cli, inProcess, inProcessAsync, NO_STACK_TRACE, tempDir } from '../ops/helpers';
import { findHelm } from '../../lib/ops/render/helm';
import { ROOT } from '../support/synth';

afterAll(cleanUp);

test('--help says what it writes and where Helm and the charts come from', () => {
  const r = inProcess('render', ['--help']);
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/cdktf\.out\/rendered\/<stack>\/<application>\.yaml/);
  expect(r.stdout).toMatch(/EDP_CHART_CACHE/);
});

test('fails if a stack is unknown: exit 2, naming the stacks there are', async () => {
  const r = await inProcessAsync('render', ['prod-nope']);
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/^render: unknown stack prod-nope \(stacks: local-kind, nonprod-test-me, prod-edp, prod-observability\)/);
});

test('writes one file per Application and Terraform release of the named stack', () => {
  const out = tempDir('edp-render-');
  const r = cli('render', ['local-kind'], { env: { CDKTF_OUTDIR: out } });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^local-kind: \d+ files, \d+ objects \(Kubernetes 1\.31\) in .*rendered\/local-kind\/\n$/);
  const files = readdirSync(join(out, 'rendered', 'local-kind')).sort();
  expect(files).toEqual(expect.arrayContaining(['argocd.yaml', 'dex.yaml', 'terraform-argocd.yaml', 'terraform-edp-stack-core.yaml']));
  expect(existsSync(join(out, 'rendered', 'nonprod-test-me'))).toBe(false);
  const argocd = readFileSync(join(out, 'rendered', 'local-kind', 'argocd.yaml'), 'utf8');
  expect(argocd).toMatch(/^# argocd: argo-cd \S+ from https:\/\/argoproj\.github\.io\/argo-helm, release argocd, namespace argocd\n/);
  expect(argocd).toMatch(/^kind: Deployment$/m);
});

test('fails if a chart is in no cache and cannot be pulled: exit 1, one line per chart with the command to fetch it', async () => {
  // A Helm whose `pull` fails as it does offline, whatever this machine can reach.
  const bin = tempDir('edp-helm-');
  const real = findHelm(ROOT, { PATH: '/nonexistent' }).path;
  writeFileSync(join(bin, 'helm'), `#!/bin/sh\nif [ "$1" = pull ]; then echo 'Error: dial tcp: lookup charts: no such host' >&2; exit 1; fi\nexec ${real} "$@"\n`);
  chmodSync(join(bin, 'helm'), 0o755);
  const r = await inProcessAsync('render', ['local-kind'], { env: { CDKTF_OUTDIR: tempDir('edp-render-'), EDP_CHART_CACHE: tempDir('edp-charts-'), HELM: join(bin, 'helm') } });
  expect(r.status).toBe(1);
  expect(r.stderr).not.toMatch(NO_STACK_TRACE);
  const lines = r.stderr.trim().split('\n');
  expect(lines.length).toBeGreaterThan(1);
  expect(lines[0]).toMatch(/^local-kind terraform-argocd \(argo-cd \S+\): does not render: chart argo-cd \S+ is not in the chart cache \(.*\) and cannot be pulled \(Error: dial tcp: lookup charts: no such host\); fetch it with: helm pull argo-cd --repo https:\/\/argoproj\.github\.io\/argo-helm --version /);
});
