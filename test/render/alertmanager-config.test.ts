/**
 * The central Alertmanager's mail receiver as the chart renders it (check alertmanager-config):
 * every field of the type Alertmanager reads, the SMTP password a file of a mounted Secret.
 */
import { parse } from 'yaml';
import { CHARTS } from '../../lib/platform/catalogue/charts';
import { alertmanagerConfigProblems } from '../../lib/ops/render/checks/alertmanager-config';
import type { StackRender } from '../../lib/ops/render/render';
import { plantable, shippedRenders, thaw } from '../support/rendered';

let renders: StackRender[];
beforeAll(async () => {
  renders = await shippedRenders();
}, 600_000);

type Obj = Record<string, any>;
const CONFIG_SECRET = (o: Obj) => o.kind === 'Secret' && o.metadata.name === 'vmalertmanager-vm';
const AT = `prod-observability victoria-k8s-stack (victoria-metrics-k8s-stack ${CHARTS.victoriaMetricsK8sStack.version}) victoria-metrics-k8s-stack/templates/victoria-metrics-operator/vmalertmanager/vmalertmanager.yaml: VMAlertmanager observability/vm`;

/** A copy of prod-observability whose mail receiver `change` edits (in the chart's config Secret). */
function planted(change: (email: Obj, vmalertmanager: Obj) => void): StackRender {
  const r = plantable(renders.find((x) => x.stackId === 'prod-observability')!);
  const [secret] = thaw(r, 'victoria-k8s-stack', CONFIG_SECRET);
  const [am] = thaw(r, 'victoria-k8s-stack', (o) => o.kind === 'VMAlertmanager');
  const config = parse(secret.stringData['alertmanager.yaml']);
  change(config.receivers.find((x: Obj) => x.name === 'mail').email_configs[0], am);
  secret.stringData['alertmanager.yaml'] = JSON.stringify(config);
  return r;
}

test('the mail receiver of the central Alertmanager is one Alertmanager reads: user name as text, password from the mounted Secret', () => {
  expect(renders.flatMap(alertmanagerConfigProblems)).toEqual([]);
  const r = renders.find((x) => x.stackId === 'prod-observability')!;
  const objects = r.applications.find((a) => a.name === 'victoria-k8s-stack')!.sources.flatMap((s) => s.objects.map((o) => o.object as Obj));
  const email = parse(objects.find(CONFIG_SECRET)!.stringData['alertmanager.yaml']).receivers.find((x: Obj) => x.name === 'mail').email_configs[0];
  expect(email).toEqual({
    to: 'admin@think-ahead.tech',
    from: 'alertmanager@observability.buildth.ing',
    smarthost: 'mail.mms-support.de:465',
    auth_username: '${var.alert_smtp_username}',
    auth_password_file: '/etc/vm/secrets/email-user-credentials/password',
  });
  expect(objects.find((o) => o.kind === 'VMAlertmanager')!.spec.secrets).toEqual(['email-user-credentials']);
});

test('fails if the password is a Kubernetes secret reference (which the operator passes to Alertmanager as it is)', () => {
  const r = planted((email) => {
    delete email.auth_password_file;
    email.auth_password = { name: 'email-user-credentials', key: 'password' };
  });
  expect(alertmanagerConfigProblems(r)).toEqual([
    `${AT} configSecret vmalertmanager-vm receiver mail email_configs[0].auth_password: Alertmanager takes text here, got a mapping {"name":"email-user-credentials","key":"password"} (it refuses the config; a password comes from a file: *_file of a Secret in spec.secrets)`,
  ]);
});

test('fails if the password file is not in a Secret the VMAlertmanager mounts, or not a key of it', () => {
  expect(alertmanagerConfigProblems(planted((_, am) => delete am.spec.secrets))).toEqual([
    `${AT} configSecret vmalertmanager-vm receiver mail email_configs[0].auth_password_file: /etc/vm/secrets/email-user-credentials/password is no file of a Secret the VMAlertmanager mounts (spec.secrets: none, each at /etc/vm/secrets/<name>/)`,
  ]);
  expect(alertmanagerConfigProblems(planted((email) => (email.auth_password_file = '/etc/vm/secrets/email-user-credentials/pasword')))).toEqual([
    `${AT} configSecret vmalertmanager-vm receiver mail email_configs[0].auth_password_file: Secret observability/email-user-credentials (made by Terraform (kubernetes_secret_v1 email-user-credentials)) has no key "pasword" (keys: password): Alertmanager finds no file /etc/vm/secrets/email-user-credentials/pasword`,
  ]);
});

test("fails if a mounted Secret or a template ConfigMap is not there (the operator's pod would not start)", () => {
  expect(
    alertmanagerConfigProblems(
      planted((_, am) => {
        am.spec.secrets = ['email-user-credentials', 'smtp-ca'];
        am.spec.templates[0].key = 'other.tmpl';
      }),
    ),
  ).toEqual([
    `${AT} spec.secrets: no Secret observability/smtp-ca in the environment: the operator's pod does not start`,
    `${AT} spec.templates: no ConfigMap observability/vmalertmanager-vm-monzo-tpl with key other.tmpl in the environment: the operator's pod does not start`,
  ]);
});

test('reads spec.configRawYaml too, and reports a config that is no YAML', () => {
  expect(
    alertmanagerConfigProblems(
      planted((_, am) => {
        am.spec.configRawYaml = 'receivers:\n- name: raw\n  email_configs:\n  - to: a@b.c\n    auth_password: {name: x, key: y}\n';
      }),
    ),
  ).toEqual([expect.stringContaining(`${AT} spec.configRawYaml receiver raw email_configs[0].auth_password: Alertmanager takes text here, got a mapping`)]);
  expect(alertmanagerConfigProblems(planted((_, am) => (am.spec.configRawYaml = 'receivers: [')))).toEqual([expect.stringMatching(new RegExp(`^${AT.replace(/[().]/g, '\\$&')} spec\\.configRawYaml: not YAML \\(`))]);
});

test('fails if a field is one Alertmanager does not know (it reads the config strictly)', () => {
  expect(alertmanagerConfigProblems(planted((email) => (email.auth_user = 'alerts')))).toEqual([`${AT} configSecret vmalertmanager-vm receiver mail email_configs[0].auth_user: Alertmanager has no such field (it refuses the config)`]);
});
