/**
 * Config errors: every mistake in an environment or tenant file becomes one {@link ConfigProblem}
 * naming the file, the field path and what was expected. The CLI prints them and exits 1; a user
 * never sees a stack trace for a mistake in their YAML.
 */
import { LIMITS } from './limits';

export interface ConfigProblem {
  /** File relative to the project root, e.g. `environments/nonprod/test-me.yaml`. */
  readonly file: string;
  /** Field path such as `cluster.nodePools[0].count`; empty for file-level problems. */
  readonly path: string;
  /** What is wrong, e.g. `expected a number >= 1, got "three"`. */
  readonly message: string;
}

export function formatProblem(p: ConfigProblem): string {
  return p.path ? `${p.file}: ${p.path}: ${p.message}` : `${p.file}: ${p.message}`;
}

/**
 * The problems as printed: one line each, at most LIMITS.problemsShown of them, then one line
 * counting the rest (a file of thousands of unknown keys must not flood the terminal).
 */
export function formatProblems(problems: readonly ConfigProblem[]): string {
  const shown = problems.slice(0, LIMITS.problemsShown).map(formatProblem);
  const rest = problems.length - shown.length;
  if (rest > 0) shown.push(`... and ${rest} more problem${rest === 1 ? '' : 's'} (only the first ${LIMITS.problemsShown} are printed)`);
  return shown.join('\n');
}

/** Thrown by the loader when any file is wrong; carries every problem, not just the first. */
export class ConfigError extends Error {
  constructor(public readonly problems: readonly ConfigProblem[]) {
    super(formatProblems(problems));
    this.name = 'ConfigError';
  }
}

