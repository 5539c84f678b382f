import { chartsOf, releaseSettings } from '../helm';
import { PolicyRule, PolicySubject } from '../rule';
import { isLiteral, looksSecret, secretLiterals } from '../secrets';
import { at, block, isRecord } from '../values';

/** Last segment of a Helm `--set` path: `a.b\.c.password` -> `password`, `env[0].token` -> `token`. */
function lastSegment(name: string): string {
  const parts = name.split(/(?<!\\)\./);
  return parts[parts.length - 1].replace(/\[\d+\]$/, '');
}

function problems(subject: PolicySubject): string[] {
  if (subject.kind === 'manifest') {
    const o = subject.object;
    if (o.kind === 'Secret' && o.apiVersion === 'v1') {
      // Secrets are written by Terraform (kubernetes_secret_v1); a rendered Secret carries its values.
      const keys = ['data', 'stringData'].flatMap((k) => (isRecord(o[k]) ? Object.keys(o[k] as object).map((key) => `${k}.${key}`) : []));
      return keys.length ? [`a Secret manifest carries ${keys.join(', ')}`] : [];
    }
    return secretLiterals(o, '').map((p) => `${p} is a literal`);
  }
  const a = subject.attributes;
  switch (subject.type) {
    case 'helm_release':
      return [
        ...chartsOf(subject).flatMap((c) => [...c.unreadable, ...c.values.flatMap((v) => secretLiterals(v.values, v.where).map((p) => `${p} is a literal`))]),
        ...releaseSettings(a, 'set').filter((s) => looksSecret(lastSegment(s.name)) && isLiteral(s.value)).map((s) => `set ${s.name} is a literal`),
        ...(['set_sensitive', 'set_wo'] as const).flatMap((key) => releaseSettings(a, key).filter((s) => isLiteral(s.value)).map((s) => `${key} ${s.name} is a literal`)),
        ...(isLiteral(a.repository_password) ? ['repository_password is a literal'] : []),
      ];
    case 'kubernetes_secret_v1':
    case 'kubernetes_secret':
      return ['data', 'data_wo', 'binary_data'].flatMap((k) => {
        const data = a[k];
        return isRecord(data) ? Object.entries(data).filter(([key, v]) => looksSecret(key) && isLiteral(v)).map(([key]) => `${k}.${key} is a literal`) : [];
      });
    case 'opentelekomcloud_rds_instance_v3':
      return isLiteral(block(a, 'db')?.password) ? ['db.password is a literal'] : [];
    case 'opentelekomcloud_cce_node_pool_v3':
    case 'opentelekomcloud_cce_node_v3':
      return isLiteral(at(a, ['password'])) ? ['password is a literal'] : [];
    default:
      return [];
  }
}

export const secretLiteralsRule: PolicyRule = {
  id: 'EDP-SECRET-1',
  reason: 'no secret may be written into the stack: cdktf.out/ and Helm values are read by everyone who can read the repository or the cluster',
  hint: 'generate the value with random_password, store it with kubernetes_secret_v1, and let values and manifests name that Secret (existingSecret, secretKeyRef)',
  resourceTypes: ['helm_release', 'kubernetes_secret_v1', 'kubernetes_secret', 'opentelekomcloud_rds_instance_v3', 'opentelekomcloud_cce_node_pool_v3', 'opentelekomcloud_cce_node_v3'],
  manifests: true,
  check: problems,
};
