import { ZodIssue, ZodIssueCode } from 'zod';
import { describeValue, formatPath, valueAt } from '../util/values';
import { ConfigProblem } from './errors';

/** One problem per zod issue: `<path>: expected <what>, got <value>`; one per unknown key. */
export function zodProblems(file: string, raw: unknown, issues: readonly ZodIssue[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    if (issue.code === ZodIssueCode.unrecognized_keys) {
      for (const key of issue.keys) {
        problems.push({ file, path: formatPath([...issue.path, key]), message: 'unknown key (check the spelling; see the README for the fields)' });
      }
      continue;
    }
    if (issue.code === ZodIssueCode.invalid_union) {
      // No schema here relies on plain unions; should one appear, report its first branch's first issue.
      const inner = issue.unionErrors.flatMap((e) => e.issues);
      problems.push(...zodProblems(file, raw, inner.length ? [inner[0]] : []));
      continue;
    }
    problems.push({ file, path: formatPath(issue.path), message: `expected ${issue.message}, got ${describeValue(valueAt(raw, issue.path))}` });
  }
  return problems;
}
