/**
 * What a managing environment needs: deploy runners registered for the infra repository with the
 * label its workflows run on and, where the repository lives in another Forgejo, a pull mirror.
 */
import { spawn } from 'child_process';
import { createServer, IncomingMessage } from 'http';
import { AddressInfo } from 'net';
import { mirrorJob } from '../../lib/platform/catalogue/forgejo';
import { SecretRef } from '../../lib/platform/secrets';
import { application, companions, platformStacks } from './support';

const stacks = platformStacks();
const runnerApp = (id: string) => companions(application(stacks.get(id)!.tf, 'forgejo-runner')) as any[];
const JOB_IMAGE = 'docker://ghcr.io/catthehacker/ubuntu:act-22.04';

describe.each([
  ['prod-edp', 'deploy-prod-edp'],
  ['prod-observability', 'deploy-prod-observability'],
])('%s (a manager)', (id, label) => {
  const objects = runnerApp(id);
  const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'forgejo-deploy-runner');

  it(`runs deploy runners with the one label ${label}, from their own generated secret`, () => {
    expect(deployment.spec.replicas).toBe(2);
    const config = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'forgejo-deploy-runner-config');
    expect(config.data['config.yml']).toContain(`- ${label}:${JOB_IMAGE}`);
    expect(deployment.spec.template.spec.volumes).toContainEqual({ name: 'config', configMap: { name: 'forgejo-deploy-runner-config' } });
    expect(deployment.spec.template.spec.initContainers[0].env).toEqual([{ name: 'RUNNER_SECRET', valueFrom: { secretKeyRef: { name: 'forgejo-deploy-runner-token', key: 'token' } } }]);
  });

  it('registers them with Forgejo for the infra repository alone, in a Job that is no sync hook (it waits for the repository)', () => {
    const job = objects.find((o) => o.kind === 'Job' && o.metadata.name === 'forgejo-deploy-runner-registration');
    expect(job.metadata.annotations['argocd.argoproj.io/hook']).toBeUndefined();
    const container = job.spec.template.spec.containers[0];
    expect(container.command[2]).toBe(`until forgejo forgejo-cli actions register --name edp-deploy-runner --scope DevFW-CICD/stacks-instances --labels ${label}:${JOB_IMAGE} --secret "$RUNNER_SECRET"; do sleep 15; done`);
    expect(container.env[0]).toEqual({ name: 'RUNNER_SECRET', valueFrom: { secretKeyRef: { name: 'forgejo-deploy-runner-token', key: 'token' } } });
    const general = objects.find((o) => o.kind === 'Job' && o.metadata.name === 'forgejo-runner-registration');
    expect(general.metadata.annotations['argocd.argoproj.io/hook']).toBe('Sync');
  });
});

describe('the mirror of the infra repository', () => {
  it('is kept by prod/observability (the repository lives on edp.buildth.ing), not by prod/edp', () => {
    const job = runnerApp('prod-observability').find((o) => o.kind === 'Job' && o.metadata.name === 'forgejo-repository-mirror');
    expect(job.spec.template.spec.containers[0].env.slice(0, 3)).toEqual([
      { name: 'SOURCE', value: 'https://edp.buildth.ing/DevFW-CICD/stacks-instances' },
      { name: 'OWNER', value: 'DevFW-CICD' },
      { name: 'REPO', value: 'stacks-instances' },
    ]);
    expect(runnerApp('prod-edp').some((o) => o.metadata.name === 'forgejo-repository-mirror')).toBe(false);
  });

  it('is not in an environment that deploys nothing', () => {
    expect(runnerApp('nonprod-test-me').map((o) => o.metadata.name)).toEqual(['forgejo-runner-registration', 'forgejo-runner-config', 'forgejo-runner']);
  });

  /** Runs the Job's script with real sh and curl against a stand-in of Forgejo's API. */
  async function runAgainst(existing: boolean, orgStatus: number): Promise<{ code: number | null; requests: { method: string; path: string; auth?: string; body?: unknown }[]; out: string }> {
    const requests: { method: string; path: string; auth?: string; body?: unknown }[] = [];
    const read = (req: IncomingMessage) => new Promise<string>((res) => { let b = ''; req.on('data', (c) => (b += c)); req.on('end', () => res(b)); });
    const server = createServer(async (req, res) => {
      const body = await read(req);
      requests.push({ method: req.method!, path: req.url!, auth: req.headers.authorization, ...(body ? { body: JSON.parse(body) } : {}) });
      const status = req.url === '/api/v1/version' ? 200 : req.url === '/api/v1/repos/DevFW-CICD/stacks-instances' ? (existing ? 200 : 404) : req.url === '/api/v1/orgs' ? orgStatus : req.url === '/api/v1/repos/migrate' ? 201 : 500;
      res.writeHead(status, { 'Content-Type': 'application/json' }).end('{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const deploy = { label: 'deploy-prod-observability', repository: { owner: 'DevFW-CICD', name: 'stacks-instances' }, mirrorFrom: 'https://edp.buildth.ing/DevFW-CICD/stacks-instances' };
    const job = mirrorJob(deploy, new SecretRef('forgejo-admin', ['username', 'password'], 'test'), new SecretRef('forgejo-mirror-source', ['token'], 'test')) as any;
    const container = job.spec.template.spec.containers[0];
    const script = (container.command[2] as string).replace('http://forgejo-http.gitea.svc:3000', `http://127.0.0.1:${port}`);
    const env: Record<string, string> = { PATH: process.env.PATH!, ADMIN_USERNAME: 'edp-admin', ADMIN_PASSWORD: 'pw' };
    for (const e of container.env) if (e.value) env[e.name] = e.value;
    const result = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const p = spawn('sh', ['-c', script], { env });
      let out = '';
      p.stdout.on('data', (c) => (out += c));
      p.stderr.on('data', (c) => (out += c));
      p.on('close', (code) => resolve({ code, out }));
    });
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    return { ...result, requests };
  }

  it('creates the organisation and a private pull mirror through Forgejo\'s API (real curl, stand-in API)', async () => {
    const r = await runAgainst(false, 201);
    expect(r.code).toBe(0);
    const auth = `Basic ${Buffer.from('edp-admin:pw').toString('base64')}`;
    expect(r.requests.map((q) => `${q.method} ${q.path}`)).toEqual(['GET /api/v1/version', 'GET /api/v1/repos/DevFW-CICD/stacks-instances', 'POST /api/v1/orgs', 'POST /api/v1/repos/migrate']);
    expect(r.requests.slice(1).every((q) => q.auth === auth)).toBe(true);
    expect(r.requests[2].body).toEqual({ username: 'DevFW-CICD', visibility: 'private' });
    expect(r.requests[3].body).toEqual({ clone_addr: 'https://edp.buildth.ing/DevFW-CICD/stacks-instances', auth_token: '', repo_owner: 'DevFW-CICD', repo_name: 'stacks-instances', mirror: true, mirror_interval: '10m0s', private: true, service: 'git' });
  });

  it('does nothing when the mirror exists, and accepts an existing organisation (422)', async () => {
    expect((await runAgainst(true, 201)).requests.map((q) => q.path)).toEqual(['/api/v1/version', '/api/v1/repos/DevFW-CICD/stacks-instances']);
    expect((await runAgainst(false, 422)).code).toBe(0);
  });

  it('fails (and is retried by the Job) when the organisation cannot be created', async () => {
    const r = await runAgainst(false, 403);
    expect(r.code).toBe(1);
    expect(r.out).toContain('creating organisation DevFW-CICD: HTTP 403');
  });
});
