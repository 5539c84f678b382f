import { PolicyContext, PolicyRule, PolicySubject } from '../rule';
import { blocks, isExpression, isSet, show } from '../values';

const ANYWHERE = new Set(['0.0.0.0/0', '::/0']);

/** One ingress permission, normalised from the three OTC security-group resource shapes. */
interface Ingress {
  readonly where: string;
  readonly securityGroup: string;
  readonly protocol: unknown;
  /** Inclusive port ranges; undefined means every port. */
  readonly ports?: readonly (readonly [number, number])[];
  /** What the source was, for the message. */
  readonly source: string;
}

function toPort(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) ? n : undefined;
}

/** `80,443,1000-2000` (vpc_secgroup_rule_v3 multi_port) to ranges; undefined when unreadable. */
function parseMultiPort(value: string): [number, number][] | undefined {
  const ranges: [number, number][] = [];
  for (const part of value.split(',').map((p) => p.trim())) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) return undefined;
    ranges.push([Number(m[1]), Number(m[2] ?? m[1])]);
  }
  return ranges;
}

/** The source of a rule, or undefined when it is not the whole internet. */
function openSource(prefix: unknown, remoteGroup: unknown): string | undefined {
  if (typeof prefix === 'string' && ANYWHERE.has(prefix)) return prefix;
  // No prefix and no remote group: OTC opens the rule to every address.
  if (!isSet(prefix) && !isSet(remoteGroup)) return 'any address (no remote_ip_prefix or remote_group_id)';
  // A literal narrower range, another group, or an expression (a reference to a VPC or subnet range).
  return undefined;
}

function ingressRules(subject: PolicySubject): Ingress[] {
  if (subject.kind !== 'resource') return [];
  const a = subject.attributes;
  switch (subject.type) {
    case 'opentelekomcloud_networking_secgroup_rule_v2': {
      if (a.direction === 'egress') return [];
      const source = openSource(a.remote_ip_prefix, a.remote_group_id);
      if (!source) return [];
      const min = toPort(a.port_range_min);
      const max = toPort(a.port_range_max);
      const ports: [number, number][] | undefined = min === undefined && max === undefined ? undefined : [[min ?? max!, max ?? min!]];
      return [{ where: '', securityGroup: String(a.security_group_id), protocol: a.protocol, ports, source }];
    }
    case 'opentelekomcloud_vpc_secgroup_rule_v3': {
      if (a.direction === 'egress' || a.action === 'deny') return [];
      const source = openSource(a.remote_ip_prefix, a.remote_group_id);
      if (!source) return [];
      const ports = typeof a.multi_port === 'string' ? parseMultiPort(a.multi_port) ?? [[0, 65535]] : isSet(a.multi_port) ? [[0, 65535] as [number, number]] : undefined;
      return [{ where: '', securityGroup: String(a.security_group_id), protocol: a.protocol, ports, source }];
    }
    case 'opentelekomcloud_compute_secgroup_v2':
      return blocks(a, 'rule').flatMap((r, i) => {
        const source = openSource(r.cidr, r.from_group_id ?? (r.self === true ? 'self' : undefined));
        if (!source) return [];
        const from = toPort(r.from_port);
        const to = toPort(r.to_port);
        const ports: [number, number][] | undefined = from === undefined || to === undefined || from < 0 ? undefined : [[from, to]];
        return [{ where: `rule[${i}]: `, securityGroup: `\${${subject.address}.id}`, protocol: r.ip_protocol, ports, source }];
      });
    default:
      return [];
  }
}

function describePorts(ports: Ingress['ports']): string {
  if (!ports) return 'every port';
  return ports.map(([lo, hi]) => (lo === hi ? `port ${lo}` : `ports ${lo}-${hi}`)).join(', ');
}

function allowed(rule: Ingress, context: PolicyContext): boolean {
  if (!context.publicSecurityGroups.includes(rule.securityGroup)) return false;
  if (typeof rule.protocol !== 'string' || rule.protocol.toLowerCase() !== 'tcp' || !rule.ports) return false;
  const open = new Set(context.publicPorts);
  return rule.ports.every(([lo, hi]) => hi - lo < open.size && Array.from({ length: hi - lo + 1 }, (_, k) => lo + k).every((p) => open.has(p)));
}

/**
 * The only ingress the internet gets is the public load balancer path: HTTP, HTTPS and Forgejo's
 * SSH port, on the security groups the environment stack names as public (PolicyContext). Any
 * other rule open to 0.0.0.0/0 (or with no source at all, which OTC treats as everywhere) is a
 * finding. Sources that are expressions are references to VPC ranges and are not checked.
 */
export const securityGroupIngress: PolicyRule = {
  id: 'EDP-SG-1',
  reason: 'only the load balancer path (tcp 80, 443 and Forgejo SSH) may be open to the internet',
  hint: 'restrict remote_ip_prefix to the VPC or a trusted range, or move the port to the public load balancer security group',
  resourceTypes: ['opentelekomcloud_networking_secgroup_rule_v2', 'opentelekomcloud_vpc_secgroup_rule_v3', 'opentelekomcloud_compute_secgroup_v2'],
  check(subject, context) {
    return ingressRules(subject)
      .filter((rule) => !allowed(rule, context))
      .map((rule) => {
        const protocol = isSet(rule.protocol) && !isExpression(rule.protocol) ? String(rule.protocol) : 'every protocol';
        const group = context.publicSecurityGroups.includes(rule.securityGroup) ? 'the public load balancer group' : `security group ${show(rule.securityGroup)}, not a public load balancer group`;
        return `${rule.where}ingress from ${rule.source} to ${protocol} ${describePorts(rule.ports)} on ${group}`;
      });
  },
};
