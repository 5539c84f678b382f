/**
 * `environments/<tenant>/<env>.yaml`: one EDP instance. The schema is built per tier so that the
 * tier's defaults (lib/config/defaults.ts) are applied while parsing, and the parsed type has
 * every field. Unknown keys are errors everywhere (`.strict()`).
 */
import { z } from 'zod';
import { DEFAULTS, LOCAL_DEFAULT_STACKS, OtcDefaults } from '../defaults';
import { LIMITS } from '../limits';
import { bool, cidr, dnsLabel, domainName, email, int, oneOf, parseCidr, pattern, text } from './primitives';

const stackList = (fallback: readonly string[]) =>
  z.array(dnsLabel, { invalid_type_error: 'a list of stack names' }).min(1, { message: 'at least one stack' }).default([...fallback]);

/** `<env>` (same tenant) or `<tenant>/<env>`: the environment running the observability stack. */
const environmentRef = pattern(/^([a-z0-9-]+\/)?[a-z0-9-]+$/, 'an environment reference such as "observability" or "prod/observability"');

/** A range allowed to reach a public API: a network address from /8 (wide) to /32 (one host). */
const TRUSTED_RANGE = /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/;
const trustedRange = pattern(TRUSTED_RANGE, 'an IPv4 range such as "198.51.100.7/32"').superRefine((value, ctx) => {
  if (!TRUSTED_RANGE.test(value)) return; // the pattern above already reported it
  const parsed = parseCidr(value);
  const host = parsed ? ((parsed.base >>> 0) & (parsed.prefix === 0 ? 0 : (0xffffffff << (32 - parsed.prefix)) >>> 0)) >>> 0 : 0;
  if (!parsed) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'an IPv4 range such as "198.51.100.7/32"' });
  else if (parsed.prefix < 8) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'a range from /8 to /32 (the Kubernetes API is not for the whole internet)' });
  else if (host !== parsed.base) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'a network address (host bits zero)' });
});

const availabilityZone = pattern(/^[a-z]{2}-[a-z]{2,}-\d{2}$/, 'an availability zone such as "eu-de-01"');

const REASON = 'a reason of at least 20 characters and three words';

/** Policy suppressions (lib/policy): per rule id, each with the reason printed at every synth. */
const suppressions = z
  .array(
    z
      .object({
        rule: pattern(/^EDP-[A-Z0-9]+-\d+$/, 'a policy rule id such as "EDP-RDS-1"'),
        /** Printed at every synth; spaces around it do not count (a reason of blanks is no reason). */
        reason: text(REASON).pipe(
          z
            .string()
            .trim()
            .refine((r) => r.length >= 20 && (r.match(/\p{L}{2,}/gu) ?? []).length >= 3, { message: REASON }),
        ),
        /** Construct path inside the stack, as the finding line prints it without `<stack>/`: only that construct and those below it. */
        path: pattern(/^[^/\s]+(\/[^/\s]+)*$/, 'a construct path such as "Platform/Otc/AppIngressNginx"').optional(),
      })
      .strict(),
    { invalid_type_error: 'a list of { rule, reason }' },
  )
  .max(LIMITS.listItems)
  .default([]);

const observability = z
  .object({
    /** Central observability environment this one sends metrics and logs to (observability-client). */
    central: environmentRef.optional(),
    /** Alert e-mail of the observability stack. @default - see ALERT_MAIL_SMARTHOST in defaults.ts */
    alertMail: z
      .object({
        to: email.optional(),
        from: email.optional(),
        smarthost: pattern(/^[a-z0-9.-]+:\d{1,5}$/, 'an SMTP server as "host:port"').optional(),
      })
      .strict()
      .default({}),
  })
  .strict()
  .default({});

function nodePool(d: OtcDefaults['cluster']['nodePool']) {
  return z
    .object({
      name: dnsLabel,
      /** INITIAL: ECS flavour; changing it replaces the pool's nodes. */
      flavor: pattern(/^[a-z][a-z0-9]*\.[a-z0-9]+\.\d+$/, 'an ECS flavour such as "s3.2xlarge.4" (<type>.<size>.<ratio>)').default(d.flavor),
      /** INITIAL. @default - the first availability zone of the environment */
      availabilityZone: availabilityZone.optional(),
      /** Initial node count; later drift under the autoscaler is ignored. */
      count: int(1, 100).default(d.count),
      autoscaling: z
        .object({ min: int(1, 100), max: int(1, 100) })
        .strict()
        .default({ ...d.autoscaling }),
      /** INITIAL: root volume size in GB. */
      rootVolumeGb: int(40, 1024).default(d.rootVolumeGb),
      /** INITIAL: data volume size in GB (container images, emptyDir). */
      dataVolumeGb: int(100, 32768).default(d.dataVolumeGb),
    })
    .strict();
}

export function otcEnvironmentSchema(d: OtcDefaults) {
  return z
    .object({
      /** @default - `<env>.<tenant domain>` */
      domain: domainName.optional(),
      stacks: stackList(d.stacks),
      /**
       * The environment whose runners plan, deploy and destroy this one (`<env>` or `<tenant>/<env>`,
       * seed 3.2); its NAT egress address joins this cluster's API trust list.
       * @default - `prod/edp` (DEFAULT_MANAGER) when that environment exists and is another one; else
       * none: the environment is deployed by hand (README "Bootstrap")
       */
      manager: environmentRef.optional(),
      observability,
      /** prevent_destroy on the cluster, database, buckets, KMS key and backup vault; `false` only outside production. */
      protection: bool().default(true),
      suppressions,
      ingress: z
        .object({
          /** ingress-nginx `allow-snippet-annotations` (the CVE-2025-1974 class of attacks); off unless needed. */
          allowSnippetAnnotations: bool().default(false),
        })
        .strict()
        .default({}),
      /** INITIAL. @default - `<region>-01`, `-02`, `-03` */
      availabilityZones: z.array(availabilityZone).min(1, { message: 'at least one availability zone' }).optional(),
      network: z
        .object({
          /** INITIAL: VPC range. */
          vpcCidr: cidr.default(d.network.vpcCidr),
          /** INITIAL: node and database subnet, inside the VPC. */
          subnetCidr: cidr.default(d.network.subnetCidr),
          /** INITIAL: bandwidth of the NAT gateway's EIP (node egress) in Mbit/s; a change replaces the address. */
          egressBandwidthMbit: int(1, 2000).default(d.network.egressBandwidthMbit),
        })
        .strict()
        .default({}),
      cluster: z
        .object({
          /** CCE Kubernetes version such as "v1.31"; upgrades go through CCE (README). */
          version: pattern(/^v1\.\d{2}$/, 'a CCE Kubernetes version such as "v1.31"').default(d.cluster.version),
          /** INITIAL: three masters across availability zones. */
          highAvailability: bool().default(d.cluster.highAvailability),
          /** INITIAL: control plane size. */
          size: oneOf(['small', 'medium', 'large', 'xlarge']).default(d.cluster.size),
          /** INITIAL: pod network (CCE container tunnel network, overlay_l2). */
          containerCidr: cidr.default(d.cluster.containerCidr),
          /** INITIAL: service network. */
          serviceCidr: cidr.default(d.cluster.serviceCidr),
          /** INITIAL: ranges besides the manager's egress address allowed to reach the public API endpoint (CCE trust list). */
          publicApiCidrs: z.array(trustedRange).max(LIMITS.listItems).default([]),
          nodePools: z
            .array(nodePool(d.cluster.nodePool), { invalid_type_error: 'a list of node pools' })
            .min(1, { message: 'at least one node pool' })
            .max(LIMITS.nodePools, { message: `at most ${LIMITS.nodePools} node pools` })
            .default([{ name: d.cluster.nodePool.name }]),
        })
        .strict()
        .default({}),
      database: z
        .object({
          /** INITIAL: PostgreSQL major version. */
          version: oneOf(['13', '14', '15', '16', '17']).default(d.database.version as '16'),
          /** RDS flavour without `.ha`. */
          flavor: pattern(/^rds\.pg\.[a-z0-9]+(\.[a-z0-9]+)*$/, 'an RDS PostgreSQL flavour such as "rds.pg.n1.large.2"')
            .refine((f) => !f.endsWith('.ha'), { message: 'a flavour without ".ha" (set highAvailability instead)' })
            .default(d.database.flavor),
          /** INITIAL: primary and standby in two availability zones. */
          highAvailability: bool().default(d.database.highAvailability),
          volumeGb: int(40, 4000).default(d.database.volumeGb),
          /** Daily backup window, UTC, one hour: "HH:00-HH+1:00". */
          backupWindow: pattern(/^([01]\d|2[0-3]):00-([01]\d|2[0-3]):00$/, 'a one-hour window such as "01:00-02:00"').default(d.database.backupWindow),
          backupRetentionDays: int(1, 732).default(d.database.backupRetentionDays),
        })
        .strict()
        .default({}),
      loadBalancer: z
        .object({
          /** INITIAL: EIP bandwidth in Mbit/s; a change replaces the public address. */
          bandwidthMbit: int(1, 2000).default(d.loadBalancer.bandwidthMbit),
        })
        .strict()
        .default({}),
      backup: z
        .object({
          /** Days CBR keeps the daily backups of the cluster's disks. */
          retentionDays: int(1, 99999).default(d.backup.retentionDays),
        })
        .strict()
        .default({}),
    })
    .strict();
}

export const localEnvironmentSchema = z
  .object({
    /** @default - `<env>.<tenant domain>` */
    domain: domainName.optional(),
    stacks: stackList(LOCAL_DEFAULT_STACKS),
    observability,
    suppressions,
  })
  .strict();

export const environmentSchemas = {
  production: otcEnvironmentSchema(DEFAULTS.production),
  'non-production': otcEnvironmentSchema(DEFAULTS['non-production']),
  local: localEnvironmentSchema,
} as const;

export type OtcEnvironmentSettings = z.output<ReturnType<typeof otcEnvironmentSchema>>;
export type LocalEnvironmentSettings = z.output<typeof localEnvironmentSchema>;
export type NodePoolSettings = OtcEnvironmentSettings['cluster']['nodePools'][number];
