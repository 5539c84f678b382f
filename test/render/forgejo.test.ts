/**
 * Forgejo as the chart renders it: the registration Jobs run the server's image (check
 * forgejo-image), and app.ini (Secret forgejo-inline-config) carries our settings, not the chart's.
 */
import { CHARTS } from '../../lib/platform/catalogue/charts';
import { forgejoImageProblems } from '../../lib/ops/render/checks/forgejo-image';
import { StackObjects } from '../../lib/ops/render/checks/stack-objects';
import type { StackRender } from '../../lib/ops/render/render';
import { plantable, shippedRenders, thaw } from '../support/rendered';

let renders: StackRender[];
beforeAll(async () => {
  renders = await shippedRenders();
}, 600_000);

const withForgejo = () => renders.filter((r) => r.applications.some((a) => a.name === 'forgejo-server'));
type Obj = Record<string, any>;
const objectsOf = (r: StackRender, app: string) => r.applications.find((a) => a.name === app)!.sources.flatMap((s) => s.objects.map((o) => o.object as Obj));

/** app.ini sections from the chart's inline config Secret: `{ cache: { ADAPTER: 'memory' } }`. */
function appIni(r: StackRender): Record<string, Record<string, string>> {
  const objects = new StackObjects(r);
  const secret = objects.named('gitea', 'Secret', 'forgejo-inline-config', '')[0].object as Obj;
  const ini: Record<string, Record<string, string>> = {};
  for (const [section, text] of Object.entries(secret.stringData as Record<string, string>)) {
    ini[section] = Object.fromEntries(text.split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  }
  return ini;
}

test('the shipped environments with Forgejo are the ones checked', () => {
  expect(withForgejo().map((r) => r.stackId).sort()).toEqual(['nonprod-test-me', 'prod-edp', 'prod-observability']);
});

test("the runner registration Jobs run the Forgejo server's image, the chart's appVersion", () => {
  expect(renders.flatMap(forgejoImageProblems)).toEqual([]);
  for (const r of withForgejo()) {
    const server = objectsOf(r, 'forgejo-server').find((o) => o.kind === 'Deployment')!;
    const job = objectsOf(r, 'forgejo-runner').find((o) => o.kind === 'Job' && o.metadata.name === 'forgejo-runner-registration')!;
    const source = r.applications.find((a) => a.name === 'forgejo-server')!.sources[0];
    expect(source.chart.version).toBe('15.0.3');
    expect(server.spec.template.spec.containers[0].image).toBe('code.forgejo.org/forgejo/forgejo:13.0.3-rootless');
    expect(job.spec.template.spec.containers[0].image).toBe(server.spec.template.spec.containers[0].image);
  }
});

test("fails if a registration Job runs another Forgejo version than the server (11.0.0's CLI on 13.0.3's database)", () => {
  const r = plantable(renders.find((x) => x.stackId === 'prod-observability')!);
  for (const o of thaw(r, 'forgejo-runner', (o) => o.kind === 'Job' && o.metadata.name === 'forgejo-runner-registration')) o.spec.template.spec.containers[0].image = 'code.forgejo.org/forgejo/forgejo:11.0.0-rootless';
  expect(forgejoImageProblems(r)).toEqual([
    `prod-observability forgejo-runner (raw ${CHARTS.raw.version}) raw/templates/resources.yaml: Job gitea/forgejo-runner-registration container register runs code.forgejo.org/forgejo/forgejo:11.0.0-rootless, the Forgejo server (forgejo-server, Deployment gitea/forgejo) runs code.forgejo.org/forgejo/forgejo:13.0.3-rootless: the server migrates its database on start and a Forgejo CLI of another version expects another schema (use the chart's appVersion)`,
  ]);
});

test('fails if the server is pinned by digest and a Job runs another version (the repository is read without tag and digest)', () => {
  const r = plantable(renders.find((x) => x.stackId === 'prod-observability')!);
  const digest = 'code.forgejo.org/forgejo/forgejo:13.0.3-rootless@sha256:' + 'a'.repeat(64);
  for (const o of thaw(r, 'forgejo-server', (o) => o.kind === 'Deployment')) o.spec.template.spec.containers[0].image = digest;
  for (const o of thaw(r, 'forgejo-runner', (o) => o.kind === 'Job' && o.metadata.name === 'forgejo-runner-registration')) o.spec.template.spec.containers[0].image = 'code.forgejo.org/forgejo/forgejo:11.0.0-rootless';
  expect(forgejoImageProblems(r)).toEqual([expect.stringContaining(`runs code.forgejo.org/forgejo/forgejo:11.0.0-rootless, the Forgejo server (forgejo-server, Deployment gitea/forgejo) runs ${digest}:`)]);
});

test('app.ini: cache in memory, sessions and the issue index in the database, a level queue, PostgreSQL with TLS', () => {
  for (const r of withForgejo()) {
    const ini = appIni(r);
    expect([r.stackId, ini.cache, ini.session, ini.queue, ini.indexer, ini.database]).toEqual([
      r.stackId,
      { ADAPTER: 'memory', HOST: '' },
      { PROVIDER: 'db', PROVIDER_CONFIG: '' },
      { TYPE: 'level', CONN_STR: '' },
      { ISSUE_INDEXER_TYPE: 'db' },
      // HOST, NAME, USER and PASSWD come from Secret forgejo-database as FORGEJO__DATABASE__* variables.
      { DB_TYPE: 'postgres', SSL_MODE: 'require' },
    ]);
    // The OAuth2 provider Dex signs in with: Forgejo's defaults, JWT_SECRET generated once by the
    // chart's init container and kept in app.ini on the volume (templates/gitea/config.yaml:175, 196).
    expect(ini.oauth2).toBeUndefined();
    const env = objectsOf(r, 'forgejo-server')
      .find((o) => o.kind === 'Deployment')!
      .spec.template.spec.initContainers.flatMap((c: Obj) => c.env ?? [])
      .map((e: Obj) => e.name);
    expect(env).toEqual(expect.arrayContaining(['FORGEJO__DATABASE__HOST', 'FORGEJO__DATABASE__PASSWD']));
  }
});

test('no bundled database, Redis or Valkey is rendered, and nothing in app.ini points at one', () => {
  for (const r of withForgejo()) {
    const objects = objectsOf(r, 'forgejo-server');
    expect([r.stackId, objects.filter((o) => o.kind === 'StatefulSet').map((o) => o.metadata.name)]).toEqual([r.stackId, []]);
    expect(JSON.stringify(appIni(r))).not.toMatch(/redis|valkey|postgresql-ha|-postgresql\./);
  }
});

test('the admin account comes from our Secret forgejo-admin, set once: the chart neither makes a Secret of that name nor resets the password', () => {
  for (const r of withForgejo()) {
    const objects = objectsOf(r, 'forgejo-server');
    // 15.0.3 templates/gitea/admin-secret.yaml would render `<fullname>-admin` (= forgejo-admin,
    // Terraform's Secret) with a random password when no existingSecret is given.
    expect([r.stackId, objects.filter((o) => o.kind === 'Secret' && o.metadata.name === 'forgejo-admin')]).toEqual([r.stackId, []]);
    const init = objectsOf(r, 'forgejo-server').find((o) => o.kind === 'Deployment')!.spec.template.spec.initContainers as Obj[];
    const env = Object.fromEntries(init.flatMap((c) => c.env ?? []).map((e: Obj) => [e.name, e.value ?? e.valueFrom?.secretKeyRef?.name]));
    expect([r.stackId, env.GITEA_ADMIN_USERNAME, env.GITEA_ADMIN_PASSWORD, env.GITEA_ADMIN_PASSWORD_MODE]).toEqual([r.stackId, 'forgejo-admin', 'forgejo-admin', 'initialOnlyNoReset']);
  }
});
