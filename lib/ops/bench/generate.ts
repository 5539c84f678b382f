/** Generated environments for the benchmark: one non-production tenant with N environments. */
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';

/** Every stack that needs no other environment: the largest stacks a single environment gets. */
export const GENERATED_STACKS = ['core', 'otc', 'forgejo', 'observability', 'coder', 'terralist'];

export const GENERATED_TENANT = `tier: non-production
domain: bench.example
otc: { region: eu-de, project: eu-de }
state: { bucket: edp-bench-terraform-state }
acmeEmail: admin@bench.example
sso: { organisation: DevFW }
gitops: { repoURL: https://edp.buildth.ing/DevFW-CICD/stacks-instances }
`;

/** Writes `<dir>/bench/tenant.yaml` and `count` environments `env-001.yaml`...; returns their stack ids. */
export function generateEnvironments(dir: string, count: number): string[] {
  const tenantDir = join(dir, 'bench');
  mkdirSync(tenantDir, { recursive: true });
  writeFileSync(join(tenantDir, 'tenant.yaml'), GENERATED_TENANT);
  const ids: string[] = [];
  for (let i = 1; i <= count; i++) {
    const name = `env-${String(i).padStart(3, '0')}`;
    writeFileSync(
      join(tenantDir, `${name}.yaml`),
      `stacks: [${GENERATED_STACKS.join(', ')}]\ncluster:\n  nodePools:\n    - name: default\n      flavor: s3.xlarge.4\n      count: ${2 + (i % 3)}\n      autoscaling: { min: 2, max: 6 }\ndatabase:\n  volumeGb: ${100 + 10 * i}\n`,
    );
    ids.push(`bench-${name}`);
  }
  return ids;
}
