/**
 * Every Secret, ConfigMap and claim a pod needs exists with the key it reads (check pod-refs): the
 * names and keys the program hands to charts and writes into its own manifests, held against what
 * the pods read.
 */
import { CHARTS } from '../../lib/platform/catalogue/charts';
import { podRefProblems } from '../../lib/ops/render/checks/pod-refs';
import type { StackRender, TerraformSecret } from '../../lib/ops/render/render';
import { plantable, shippedRenders, thaw } from '../support/rendered';

let renders: StackRender[];
beforeAll(async () => {
  renders = await shippedRenders();
}, 600_000);

const render = (id: string) => renders.find((r) => r.stackId === id)!;
/** A copy of a render whose Terraform Secrets `change` maps. */
const withSecrets = (r: StackRender, change: (s: TerraformSecret) => TerraformSecret | undefined): StackRender => ({ ...r, terraformSecrets: r.terraformSecrets.flatMap((s) => change(s) ?? []) });

test('every Secret, ConfigMap, claim and key a pod of a shipped environment needs exists', () => {
  expect(renders.flatMap(podRefProblems)).toEqual([]);
  // What the check reads: the Secrets Terraform writes, with their keys.
  expect(render('prod-edp').terraformSecrets).toEqual(expect.arrayContaining([{ namespace: 'gitea', name: 'forgejo-admin', keys: ['password', 'username'] }, { namespace: 'dex', name: 'dex-clients', keys: expect.arrayContaining(['FORGEJO_CLIENT_ID']) }]));
});

test("fails if a chart reads a key that the program's Secret does not have (forgejo's admin existingSecret without password)", () => {
  const r = withSecrets(render('prod-edp'), (s) => (s.name === 'forgejo-admin' ? { ...s, keys: ['username'] } : s));
  expect(podRefProblems(r)).toEqual([
    expect.stringMatching(
      new RegExp(`^prod-edp forgejo-server \\(forgejo ${CHARTS.forgejo.version.replace(/\./g, '\\.')}\\) forgejo/templates/gitea/deployment\\.yaml: Deployment gitea/forgejo container \\S+ env \\S+: Secret gitea/forgejo-admin \\(made by Terraform \\(kubernetes_secret_v1 forgejo-admin\\)\\) has no key "password" \\(keys: username\\): the pod does not start$`),
    ),
  ]);
});

test('fails if a Secret a pod needs is nowhere (Dex without its clients Secret)', () => {
  const r = withSecrets(render('prod-edp'), (s) => (s.name === 'dex-clients' ? undefined : s));
  expect(podRefProblems(r)).toEqual([expect.stringContaining('Deployment dex/dex container dex envFrom: no Secret dex/dex-clients in the environment (not rendered, not written by Terraform, not issued by cert-manager): the pod does not start')]);
});

test('an optional reference may point at nothing (the mirror source token, Coder’s Edge Connect)', () => {
  const r = withSecrets(render('prod-edp'), (s) => (s.name === 'edge-credential' ? undefined : s));
  expect(podRefProblems(r)).toEqual([]);
});

test("fails if a pod's ConfigMap is not there (a runner Deployment whose ConfigMap was renamed)", () => {
  const r = plantable(render('prod-edp'));
  for (const cm of thaw(r, 'forgejo-runner', (o) => o.kind === 'ConfigMap' && o.metadata.name === 'forgejo-runner-config')) cm.metadata.name = 'forgejo-runner-configuration';
  expect(podRefProblems(r)).toEqual([
    `prod-edp forgejo-runner (raw ${CHARTS.raw.version}) raw/templates/resources.yaml: Deployment gitea/forgejo-runner volume config: no ConfigMap gitea/forgejo-runner-config in the environment (not rendered): the pod does not start`,
  ]);
});

test("fails if a Job claims a volume that is not there (the registration Job's claim of Forgejo's volume, the Grafana's of its operator's)", () => {
  const r = plantable(render('prod-observability'));
  for (const pvc of thaw(r, 'forgejo-server', (o) => o.kind === 'PersistentVolumeClaim')) pvc.metadata.name = 'forgejo-data';
  for (const g of thaw(r, 'grafana-operator', (o) => o.kind === 'Grafana')) g.metadata.name = 'grafana-main';
  expect(podRefProblems(r).map((p) => p.replace(/^.*?: (\w+ \S+) /, '$1 '))).toEqual([
    'Deployment gitea/forgejo volume data: no PersistentVolumeClaim gitea/gitea-shared-storage in the environment (not rendered, not asked of an operator): the pod does not start',
    'Job gitea/forgejo-runner-registration volume data: no PersistentVolumeClaim gitea/gitea-shared-storage in the environment (not rendered, not asked of an operator): the pod does not start',
    'Job gitea/forgejo-deploy-runner-registration volume data: no PersistentVolumeClaim gitea/gitea-shared-storage in the environment (not rendered, not asked of an operator): the pod does not start',
    'Grafana observability/grafana-main volume grafana-data: no PersistentVolumeClaim observability/grafana-pvc in the environment (not rendered, not asked of an operator): the pod does not start',
  ]);
});

test('a claim is no Secret: a Terraform Secret of the same name does not make a missing claim exist', () => {
  const r = plantable(render('prod-edp'));
  for (const pvc of thaw(r, 'forgejo-server', (o) => o.kind === 'PersistentVolumeClaim')) pvc.metadata.name = 'forgejo-data';
  const planted = { ...r, terraformSecrets: [...r.terraformSecrets, { namespace: 'gitea', name: 'gitea-shared-storage', keys: [] }] };
  expect(podRefProblems(planted)).toEqual(expect.arrayContaining([expect.stringContaining('Deployment gitea/forgejo volume data: no PersistentVolumeClaim gitea/gitea-shared-storage in the environment')]));
});

test("fails if argocd-redis is read but neither Argo CD render has the Job that makes it (redisSecretInit off)", () => {
  const r = plantable(render('local-kind'));
  for (const app of r.applications.filter((a) => a.name === 'argocd' || a.name === 'terraform-argocd')) for (const source of app.sources) (source as { objects: readonly unknown[] }).objects = source.objects.filter((o) => o.template !== 'argo-cd/templates/redis-secret-init/job.yaml');
  expect(podRefProblems(r)).toEqual(expect.arrayContaining([expect.stringMatching(/^local-kind argocd \(argo-cd \S+\) argo-cd\/templates\/redis\/deployment\.yaml: Deployment argocd\/argocd-redis container \S+ env \S+: no Secret argocd\/argocd-redis in the environment/)]));
});

test('fails if a pod reads ca.crt of a Secret an ACME issuer makes (cert-manager sets it for CA and self-signed issuers only)', () => {
  const r = plantable(render('prod-edp'));
  for (const d of thaw(r, 'forgejo-server', (o) => o.kind === 'Deployment')) d.spec.template.spec.containers[0].env.push({ name: 'CA', valueFrom: { secretKeyRef: { name: 'forgejo-tls', key: 'ca.crt' } } });
  expect(podRefProblems(r)).toEqual([expect.stringContaining('container forgejo env CA: Secret gitea/forgejo-tls (made by cert-manager for Ingress gitea/forgejo) has no key "ca.crt" (keys: tls.crt, tls.key): the pod does not start')]);
});
