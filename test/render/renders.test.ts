/** Every chart of every shipped environment renders with real Helm at its pinned version. */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { CHARTS } from '../../lib/platform/catalogue/charts';
import { renderErrors } from '../../lib/ops/render/checks/renders';
import { parseManifest, StackRender } from '../../lib/ops/render/render';
import { shippedRenders } from '../support/rendered';

const filesUnder = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));

let renders: StackRender[];
beforeAll(async () => {
  renders = await shippedRenders();
}, 600_000);

test('every shipped environment is rendered, with Terraform releases and Applications', () => {
  expect(renders.map((r) => r.stackId).sort()).toEqual(expect.arrayContaining(['local-kind', 'nonprod-test-me', 'prod-edp', 'prod-observability']));
  for (const r of renders) {
    expect(r.applications.some((a) => a.name === 'terraform-argocd')).toBe(true);
    expect(r.applications.some((a) => a.name === 'argocd' && a.application)).toBe(true);
  }
});

test('every chart renders', () => {
  expect(renders.flatMap(renderErrors)).toEqual([]);
});

test('fails if a chart does not render (a map where the chart needs a host string)', () => {
  const planted = renders.map((r) => ({
    ...r,
    applications: r.applications.map((a) => ({ ...a, sources: a.sources.map((s) => ({ ...s, error: 'Error: template: x/templates/ingress.yaml:49:19: wrong type for value; expected string; got map[string]interface {}' })) })),
  }));
  expect(planted.flatMap(renderErrors)[0]).toMatch(new RegExp(`^local-kind terraform-argocd \\(argo-cd ${CHARTS.argocd.version.replace(/\./g, '\\.')}\\): does not render: Error: template: x/templates/ingress.yaml:49:19`));
});

test("every rendered object names the template it comes from (Helm's # Source comment)", () => {
  const unknown = renders.flatMap((r) => r.applications.flatMap((a) => a.sources.flatMap((s) => s.objects.filter((o) => o.template === '(unknown template)').map((o) => `${r.stackId} ${a.name} ${o.object.kind}/${o.object.metadata?.name}`))));
  expect(unknown).toEqual([]);
  const argocd = renders[0].applications.find((a) => a.name === 'terraform-argocd')!;
  expect(argocd.sources[0].objects.map((o) => o.template)).toContain('argo-cd/templates/argocd-server/deployment.yaml');
});

test("a template file's later documents, and those after a file's opening ---, keep its # Source", () => {
  const text = '---\n# Source: t/templates/pvc.yaml\n---\nkind: PersistentVolumeClaim\napiVersion: v1\n---\n# Source: t/crds/a.yaml\napiVersion: v1\nkind: A\n---\napiVersion: v1\nkind: B\n';
  expect(parseManifest(text).map((o) => `${o.object.kind} ${o.template}`)).toEqual(['PersistentVolumeClaim t/templates/pvc.yaml', 'A t/crds/a.yaml', 'B t/crds/a.yaml']);
});

test('Terraform references stay visible placeholders; literal ${ escaped for Terraform arrive unescaped', () => {
  const manifests = renders.flatMap((r) => r.applications.flatMap((a) => a.sources.map((s) => s.manifest)));
  expect(manifests.some((m) => /\$\{opentelekomcloud_[a-z0-9_]+\.[A-Za-z0-9_]+\.[a-z_]+\}/.test(m))).toBe(true);
  // A chart's own text may say `$${` (CloudNativePG 0.29.0's CRD descriptions do): only lines that
  // are not in the chart's files would be our escaped values arriving escaped.
  const escaped = renders.flatMap((r) =>
    r.applications.flatMap((a) =>
      a.sources.flatMap((s) => {
        const lines = s.manifest.split('\n').filter((l) => l.includes('$${'));
        if (lines.length === 0) return [];
        const chartText = s.chartDir ? filesUnder(s.chartDir).map((f) => readFileSync(f, 'utf8')).join('\n') : '';
        return lines.filter((l) => !chartText.includes(l.trim())).map((l) => `${r.stackId} ${a.name}: ${l.trim()}`);
      }),
    ),
  );
  expect(escaped).toEqual([]);
  expect(manifests.some((m) => m.includes('${VECTOR_USER}'))).toBe(true);
});
