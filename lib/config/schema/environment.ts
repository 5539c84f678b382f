/**
 * `environments/<tenant>/<env>.yaml`: one EDP instance. The schema is built per tier so that the
 * tier's defaults (lib/config/defaults.ts) are applied while parsing, and the parsed type has
 * every field. Unknown keys are errors everywhere (`.strict()`).
 */
import { z } from 'zod';
import { ALERT_MAIL_SMARTHOST, DEFAULTS, DEFAULT_MANAGER, LOCAL_DEFAULT_STACKS } from '../defaults';
import { LIMITS } from '../limits';
import { bool, cidr, dnsLabel, domainName, email, int, oneOf, parseCidr, pattern, retired, text } from './primitives';

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

/** Why `ingress.allowSnippetAnnotations` is refused: printed as `expected <this>, got <value>`. */
export const SNIPPETS_GONE =
  'no such field: it switched on ingress-nginx snippet annotations, and ingress-nginx was replaced by Traefik, which has none (delete the field; an Ingress that needed a snippet needs a Traefik Middleware now, README "Ingress")';

const REASON = 'a reason of at least 20 characters and three words';

/**
 * Field documentation: `.describe()` text, the only place a field is explained (README tables and
 * the JSON Schemas are written from it by `npm run docs`). `INITIAL: ` starts the text of a field
 * whose change replaces a stateful resource; a default that no value can state (it depends on the
 * tenant or another field) follows `\n@default `.
 */
const doc = (text: string, dynamicDefault?: string) => (dynamicDefault === undefined ? text : `${text}\n@default ${dynamicDefault}`);

/** Policy suppressions (lib/policy): per rule id, each with the reason printed at every synth. */
const suppressions = z
  .array(
    z
      .object({
        rule: pattern(/^EDP-[A-Z0-9]+-\d+$/, 'a policy rule id such as "EDP-RDS-1"').describe('Policy rule id such as `EDP-TRAEFIK-1`.'),
        reason: text(REASON)
          .pipe(
            z
              .string()
              .trim()
              .refine((r) => r.length >= 20 && (r.match(/\p{L}{2,}/gu) ?? []).length >= 3, { message: REASON }),
          )
          .describe('Why the finding is accepted, printed at every synth: at least 20 characters and three words (spaces around it do not count).'),
        path: pattern(/^[^/\s]+(\/[^/\s]+)*$/, 'a construct path such as "Platform/Otc/AppTraefik"')
          .optional()
          .describe(doc('Construct path inside the stack, as the finding line prints it without `<stack>/`: the suppression covers that construct and those below it.', 'the whole stack')),
      })
      .strict(),
    { invalid_type_error: 'a list of { rule, reason }' },
  )
  .max(LIMITS.listItems)
  .default([])
  .describe('Accepted policy findings, see [Suppressing a rule](#suppressing-a-rule).');

const observability = z
  .object({
    central: environmentRef.optional().describe(doc('The environment running `observability` that this one sends metrics and logs to (`observability` or `prod/observability`); required with `observability-client`.', 'none')),
    alertMail: z
      .object({
        to: email.optional().describe(doc('Recipient of the observability stack\'s critical and major alerts.', "the tenant's `acmeEmail`")),
        from: email.optional().describe(doc('Sender of the alert mail.', '`alertmanager@<domain>`')),
        smarthost: pattern(/^[a-z0-9.-]+:\d{1,5}$/, 'an SMTP server as "host:port"')
          .optional()
          .describe(doc('SMTP server of the alert mail as `host:port`.', `\`${ALERT_MAIL_SMARTHOST}\``)),
      })
      .strict()
      .default({}),
  })
  .strict()
  .default({});

const domain = domainName.optional().describe(doc('Public domain of the environment.', '`<env>.<tenant domain>`'));
const stacks = z
  .array(dnsLabel, { invalid_type_error: 'a list of stack names' })
  .min(1, { message: 'at least one stack' })
  .describe('Stacks of the platform catalogue to run, see [Selecting stacks](#selecting-stacks).');

/** The fields of a node pool, before the tier's defaults. */
const NODE_POOL = {
  name: dnsLabel.describe('Pool name, unique in the environment.'),
  flavor: pattern(/^[a-z][a-z0-9]*\.[a-z0-9]+\.\d+$/, 'an ECS flavour such as "s3.2xlarge.4" (<type>.<size>.<ratio>)').describe('INITIAL: ECS flavour of the nodes; changing it replaces the nodes.'),
  availabilityZone: availabilityZone.optional().describe(doc('INITIAL: availability zone of the pool.', 'the first of `availabilityZones`')),
  count: int(1, 100).describe('Initial node count; later drift under the autoscaler is ignored.'),
  autoscaling: z
    .object({ min: int(1, 100).describe('Fewest nodes the autoscaler keeps.'), max: int(1, 100).describe('Most nodes the autoscaler adds.') })
    .strict(),
  rootVolumeGb: int(40, 1024).describe('INITIAL: root volume size in GB.'),
  dataVolumeGb: int(100, 32768).describe('INITIAL: data volume size in GB (container images, emptyDir).'),
};

const NETWORK = {
  vpcCidr: cidr.describe('INITIAL: VPC range.'),
  subnetCidr: cidr.describe('INITIAL: node and database subnet, inside the VPC.'),
  egressBandwidthMbit: int(1, 2000).describe("INITIAL: bandwidth of the NAT gateway's EIP (node egress) in Mbit/s; a change replaces the address."),
};

const CLUSTER = {
  version: pattern(/^v1\.\d{2}$/, 'a CCE Kubernetes version such as "v1.31"').describe('CCE Kubernetes version; upgrades go through CCE, see [Kubernetes upgrades](#kubernetes-upgrades).'),
  highAvailability: bool().describe('INITIAL: three masters across availability zones.'),
  size: oneOf(['small', 'medium', 'large', 'xlarge']).describe('INITIAL: control plane size: flavour `cce.s2.<size>` when highly available, else `cce.s1.<size>`.'),
  containerCidr: cidr.describe('INITIAL: pod network (CCE container tunnel network, overlay_l2).'),
  serviceCidr: cidr.describe('INITIAL: service network.'),
};

const DATABASE = {
  version: oneOf(['13', '14', '15', '16', '17']).describe('INITIAL: PostgreSQL major version.'),
  flavor: pattern(/^rds\.pg\.[a-z0-9]+(\.[a-z0-9]+)*$/, 'an RDS PostgreSQL flavour such as "rds.pg.n1.large.2"')
    .refine((f) => !f.endsWith('.ha'), { message: 'a flavour without ".ha" (set highAvailability instead)' })
    .describe('RDS flavour without `.ha` (appended when highly available).'),
  highAvailability: bool().describe('INITIAL: primary and standby in two availability zones.'),
  volumeGb: int(40, 4000).describe('Storage in GB, in steps of 10.'),
  backupWindow: pattern(/^([01]\d|2[0-3]):00-([01]\d|2[0-3]):00$/, 'a one-hour window such as "01:00-02:00"').describe('Daily backup window, UTC, one hour: `HH:00-HH+1:00`.'),
  backupRetentionDays: int(1, 732).describe('Days RDS keeps its automated backups (at least 7 in production, EDP-RDS-2).'),
};

const LOAD_BALANCER = {
  bandwidthMbit: int(1, 2000).describe('INITIAL: EIP bandwidth of the load balancer in Mbit/s; a change replaces the public address.'),
};

const BACKUP = {
  retentionDays: int(1, 99999).describe("Days CBR keeps the daily backups of the cluster's disks."),
};

type Out<S extends z.ZodRawShape> = z.output<z.ZodObject<S>>;

/**
 * What a tier gives every field with a fixed default: the fields' own output types (`z.infer`), so
 * a default cannot have another type than its field. The values are in lib/config/defaults.ts.
 */
export interface OtcDefaults {
  readonly stacks: Readonly<z.output<typeof stacks>>;
  /** The region's availability zones are `<region>-<suffix>`. */
  readonly availabilityZoneSuffixes: readonly string[];
  readonly network: Out<typeof NETWORK>;
  readonly cluster: Out<typeof CLUSTER> & { readonly nodePool: Omit<Out<typeof NODE_POOL>, 'availabilityZone'> };
  readonly database: Out<typeof DATABASE>;
  readonly loadBalancer: Out<typeof LOAD_BALANCER>;
  readonly backup: Out<typeof BACKUP>;
}

/** Applies `defaults` to the fields of `shape` that have one, keeping each field's description. */
function withDefaults<S extends z.ZodRawShape>(shape: S, defaults: Partial<Out<S>>): z.ZodType<Out<S>, z.ZodTypeDef, unknown> {
  const fields: z.ZodRawShape = {};
  for (const [key, field] of Object.entries(shape)) {
    const value = (defaults as Record<string, unknown>)[key];
    fields[key] = value === undefined ? field : field.default(value).describe(field.description ?? '');
  }
  return z.object(fields).strict() as unknown as z.ZodType<Out<S>, z.ZodTypeDef, unknown>;
}

function nodePool(d: OtcDefaults['cluster']['nodePool']) {
  // The name has no default inside a pool: every pool of a file names itself.
  const { autoscaling, name: _name, ...fixed } = d;
  return withDefaults({ ...NODE_POOL, autoscaling: NODE_POOL.autoscaling.default({ ...autoscaling }) }, fixed);
}

export function otcEnvironmentSchema(d: OtcDefaults) {
  const zones = d.availabilityZoneSuffixes.map((s, i) => (i === 0 ? `\`<region>-${s}\`` : `\`-${s}\``)).join(', ');
  const { nodePool: pool, ...cluster } = d.cluster;
  return z
    .object({
      domain,
      stacks: stacks.default([...d.stacks]).describe(stacks.description!),
      manager: environmentRef
        .optional()
        .describe(
          doc(
            'The environment whose runners plan, deploy and destroy this one (`<env>` or `<tenant>/<env>`, seed 3.2); its NAT egress address joins the API trust list. See [Who deploys whom](#who-deploys-whom).',
            `\`${DEFAULT_MANAGER}\` when it exists and is another environment; else none: deployed by hand`,
          ),
        ),
      observability,
      protection: bool().default(true).describe('`prevent_destroy` on the cluster, database, buckets, KMS key and backup vault; `false` is refused in production.'),
      suppressions,
      /**
       * Nothing to set: the one field it had, `allowSnippetAnnotations`, was ingress-nginx's, which
       * Traefik replaced. Refused with a message, not ignored (an environment that relied on snippets
       * must learn they are gone). What guards Traefik instead: policy rule EDP-TRAEFIK-1.
       */
      ingress: z
        .object({
          allowSnippetAnnotations: retired(
            SNIPPETS_GONE,
            'Gone with ingress-nginx, refused when set: Traefik has no snippet annotations (an Ingress that needed one needs a Traefik Middleware, see [Ingress](#ingress)); delete it.',
          ),
        })
        .strict()
        .optional(),
      availabilityZones: z
        .array(availabilityZone)
        .min(1, { message: 'at least one availability zone' })
        .optional()
        .describe(doc('INITIAL: availability zones of the region the environment uses.', zones)),
      network: withDefaults(NETWORK, d.network).default({}),
      cluster: withDefaults(
        {
          ...CLUSTER,
          publicApiCidrs: z
            .array(trustedRange)
            .max(LIMITS.listItems)
            .default([])
            .describe("INITIAL: ranges (`/8` to `/32`) that may reach the public API besides the manager's runners; with neither a manager nor ranges the API has no public endpoint."),
          nodePools: z
            .array(nodePool(pool), { invalid_type_error: 'a list of node pools' })
            .min(1, { message: 'at least one node pool' })
            .max(LIMITS.nodePools, { message: `at most ${LIMITS.nodePools} node pools` })
            .default([{ name: pool.name }])
            .describe('Worker node pools.'),
        },
        cluster,
      ).default({}),
      database: withDefaults(DATABASE, d.database).default({}),
      loadBalancer: withDefaults(LOAD_BALANCER, d.loadBalancer).default({}),
      backup: withDefaults(BACKUP, d.backup).default({}),
    })
    .strict();
}

export const localEnvironmentSchema = z
  .object({
    domain,
    stacks: stacks.default([...LOCAL_DEFAULT_STACKS]).describe(stacks.description!),
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
