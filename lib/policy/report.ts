/**
 * What main.ts (and tests) read after the policy ran: every stack's PolicyReport, every error
 * Annotation of the app as one clean line, and the printed line of each suppression.
 */
import { AnnotationMetadataEntryType, App, TerraformStack } from 'cdktf';
import { AppliedSuppression, PolicyAspect, PolicyFinding, PolicyReport } from './aspect';

/** Runs each stack's PolicyAspect now (before synth writes anything) and returns the reports. */
export function checkPolicy(app: App): PolicyReport[] {
  const reports: PolicyReport[] = [];
  for (const stack of app.node.findAll().filter(TerraformStack.isStack)) {
    const aspect = PolicyAspect.of(stack);
    if (!aspect) continue;
    aspect.visit(stack);
    if (aspect.report) reports.push(aspect.report);
  }
  return reports;
}

/** Every error Annotation in the app as `<construct path>: <message>`, in tree order. */
export function errorLines(app: App): string[] {
  return app.node
    .findAll()
    .flatMap((c) => c.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.ERROR).map((m) => `${c.node.path}: ${String(m.data)}`));
}

/**
 * `prod-edp: EDP-TRAEFIK-1 suppressed (1 finding) by environments/prod/edp.yaml: <reason>`, with
 * `at <path>` after the rule id for a suppression of one construct.
 */
export function suppressionLine(s: AppliedSuppression): string {
  const at = s.path === undefined ? '' : ` at ${s.path}`;
  return `${s.stack}: ${s.rule}${at} suppressed (${s.findings} finding${s.findings === 1 ? '' : 's'}) by ${s.source}: ${s.reason}`;
}

/** `prod-edp/Infra/Database: warning: EDP-RDS-2 cannot decide: ...`, printed by every synth. */
export function undecidedLine(f: PolicyFinding): string {
  return `${f.path}: warning: ${f.message}`;
}

/** What main.ts prints when synth fails: a header naming the stacks, one line each, and a hint. */
export function failureText(lines: readonly string[]): string {
  const stacks = [...new Set(lines.map((l) => l.split(/[/:]/)[0]))];
  const header = `${lines.length} error${lines.length === 1 ? '' : 's'} in ${stacks.join(', ')}; nothing was written:`;
  const hint = lines.some((l) => /^[^:]+: EDP-[A-Z0-9]+-\d+ /.test(l))
    ? ['Fix the finding, or accept it in the environment file with suppressions: [{ rule, reason }] (README: Guardrails).']
    : [];
  return [header, ...lines, ...hint].join('\n') + '\n';
}
