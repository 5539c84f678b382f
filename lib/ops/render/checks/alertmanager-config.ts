/**
 * The e-mail receivers of every VMAlertmanager are ones Alertmanager reads. The chart
 * (victoria-metrics-k8s-stack 0.91.2, `alertmanager.useManagedConfig: false`) copies
 * `alertmanager.config` as it is into the Secret the VMAlertmanager names in `spec.configSecret`
 * (or a VMAlertmanager holds it in `spec.configRawYaml`); the operator (v0.74.0) passes its
 * receivers through and checks the whole config strictly against Alertmanager's own types
 * (api/operator/v1beta1/vmalertmanagerconfig_types.go:1854-1858). A field of another type, or one
 * Alertmanager does not know, refuses the config: no alert is mailed.
 *
 * Checked against Alertmanager v0.32.1's `EmailConfig` (config/notifiers.go:299-324, the image the
 * operator runs): each field by its type, so a Kubernetes secret reference (`{name, key}`, which
 * Alertmanager has no notion of) where it reads text is a problem; a `*_file` must be a key of a
 * Secret the VMAlertmanager mounts (`spec.secrets`, each at /etc/vm/secrets/<name>/, operator
 * vmalertmanager/statefulset.go:294-306). The Secrets of `spec.secrets` and the ConfigMaps
 * of `spec.templates` must exist (the operator's pod mounts them). VMAlertmanagerConfig resources
 * (`useManagedConfig: true`, where the operator resolves secret references) are not read here; the
 * CRD schema check validates them.
 */
import { parse } from 'yaml';
import type { StackRender } from '../render';
import { madeObjects } from './environment-objects';
import { StackObjects } from './stack-objects';
import { where } from './where';

/** Alertmanager v0.32.1 EmailConfig fields and what each takes (NotifierConfig's `send_resolved` inline). */
const EMAIL_FIELDS: Readonly<Record<string, 'text' | 'boolean' | 'mapping'>> = {
  send_resolved: 'boolean',
  to: 'text',
  from: 'text',
  hello: 'text',
  smarthost: 'text',
  auth_username: 'text',
  auth_password: 'text',
  auth_password_file: 'text',
  auth_secret: 'text',
  auth_secret_file: 'text',
  auth_identity: 'text',
  headers: 'mapping',
  html: 'text',
  text: 'text',
  require_tls: 'boolean',
  tls_config: 'mapping',
  force_implicit_tls: 'boolean',
  threading: 'mapping',
};

/** Where the operator mounts the Secrets of `spec.secrets`. */
const SECRETS_DIR = '/etc/vm/secrets';
const CONFIG_KEY = 'alertmanager.yaml';

const typeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a mapping' : typeof v === 'string' ? 'text' : typeof v);
const takes = (field: string, v: unknown): boolean => (EMAIL_FIELDS[field] === 'mapping' ? typeOf(v) === 'a mapping' : typeOf(v) === EMAIL_FIELDS[field]);

interface Receiver {
  readonly name?: string;
  readonly email_configs?: readonly Record<string, unknown>[];
}

interface AlertmanagerSpec {
  readonly configSecret?: string;
  readonly configRawYaml?: string;
  readonly secrets?: readonly string[];
  readonly templates?: readonly { readonly name?: string; readonly key?: string }[];
}

export function alertmanagerConfigProblems(render: StackRender): string[] {
  const objects = new StackObjects(render);
  const made = madeObjects(render, objects);
  const problems: string[] = [];
  for (const am of objects.ofKind('VMAlertmanager', 'operator.victoriametrics.com')) {
    const spec = (am.object.spec ?? {}) as AlertmanagerSpec;
    const at = `${where(render, am.app, am.source, am.template)}: VMAlertmanager ${am.namespace}/${am.object.metadata.name}`;
    for (const s of spec.secrets ?? []) if (!made('Secret', am.namespace, s)) problems.push(`${at} spec.secrets: no Secret ${am.namespace}/${s} in the environment: the operator's pod does not start`);
    for (const t of spec.templates ?? []) {
      const cm = t.name ? made('ConfigMap', am.namespace, t.name) : undefined;
      if (!cm || (t.key && !cm.keys.includes(t.key))) problems.push(`${at} spec.templates: no ConfigMap ${am.namespace}/${t.name} with key ${t.key} in the environment: the operator's pod does not start`);
    }

    const texts: { readonly from: string; readonly text: string }[] = [];
    if (spec.configRawYaml !== undefined) texts.push({ from: 'spec.configRawYaml', text: spec.configRawYaml });
    if (spec.configSecret) {
      const secret = objects.named(am.namespace, 'Secret', spec.configSecret, '')[0]?.object as { stringData?: Record<string, string>; data?: Record<string, string> } | undefined;
      const text = secret?.stringData?.[CONFIG_KEY] ?? (secret?.data?.[CONFIG_KEY] !== undefined ? Buffer.from(secret.data[CONFIG_KEY], 'base64').toString('utf8') : undefined);
      if (text === undefined) problems.push(`${at}: its configSecret ${spec.configSecret} with key ${CONFIG_KEY} is not in the render`);
      else texts.push({ from: `configSecret ${spec.configSecret}`, text });
    }
    for (const { from, text } of texts) {
      let config: { receivers?: readonly Receiver[] };
      try {
        config = (parse(text) ?? {}) as typeof config;
      } catch (e) {
        problems.push(`${at} ${from}: not YAML (${(e as Error).message.split('\n')[0]}): the operator refuses the config`);
        continue;
      }
      for (const receiver of config.receivers ?? []) {
        (receiver.email_configs ?? []).forEach((email, i) => {
          const field = `${from} receiver ${receiver.name ?? '?'} email_configs[${i}]`;
          for (const [key, value] of Object.entries(email)) {
            if (!EMAIL_FIELDS[key]) problems.push(`${at} ${field}.${key}: Alertmanager has no such field (it refuses the config)`);
            else if (!takes(key, value)) problems.push(`${at} ${field}.${key}: Alertmanager takes ${EMAIL_FIELDS[key]} here, got ${typeOf(value)} ${JSON.stringify(value)} (it refuses the config; a password comes from a file: *_file of a Secret in spec.secrets)`);
            else if (key.endsWith('_file')) problems.push(...fileProblems(`${at} ${field}.${key}`, String(value), am.namespace, spec, made));
          }
        });
      }
    }
  }
  return problems;
}

/** A `*_file` must be `<SECRETS_DIR>/<secret>/<key>` of a Secret in `spec.secrets` that has that key. */
function fileProblems(at: string, file: string, namespace: string, spec: AlertmanagerSpec, made: ReturnType<typeof madeObjects>): string[] {
  const mounted = (spec.secrets ?? []).find((s) => file.startsWith(`${SECRETS_DIR}/${s}/`));
  if (!mounted) return [`${at}: ${file} is no file of a Secret the VMAlertmanager mounts (spec.secrets: ${(spec.secrets ?? []).join(', ') || 'none'}, each at ${SECRETS_DIR}/<name>/)`];
  const key = file.slice(`${SECRETS_DIR}/${mounted}/`.length);
  const secret = made('Secret', namespace, mounted);
  if (secret && !secret.keys.includes(key)) return [`${at}: Secret ${namespace}/${mounted} (made by ${secret.by}) has no key "${key}" (keys: ${secret.keys.join(', ') || 'none'}): Alertmanager finds no file ${file}`];
  return []; // a Secret that is not there at all is spec.secrets' problem, reported once
}
