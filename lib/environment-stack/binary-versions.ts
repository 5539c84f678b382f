/**
 * cdktf checks the local Terraform's version for every construct that needs a newer one (the
 * `terraform_data` record of the API trust list needs 1.4): at synth it runs `terraform version`
 * through a shell, synchronously, once per such construct, one per stack with a cluster: three
 * runs in a row, about a tenth of a synth (docs/performance.md). Within one process the answer
 * cannot differ, so the check runs once per process and repeats its result, messages included. main.ts also starts the command in the background while the stacks are built
 * (`prefetchTerraformVersion`): a version that satisfies the constraint then costs nothing at
 * synth; anything else (no Terraform, an unreadable or too old version) runs cdktf's own check,
 * with its own messages, exactly as before.
 */
import { exec } from 'child_process';
import { cdktfModule } from './cdktf-internals';

interface BinaryVersionCheck {
  binary: string;
  versionConstraint: string;
  versionCommand: string;
  hint?: string;
  validate(): string[];
}

type CheckClass = { prototype: BinaryVersionCheck } & (new (constraint: string, hint?: string) => BinaryVersionCheck);

function checkClasses(): { binary: CheckClass; terraform: CheckClass } {
  const load = (file: 'validate-binary-version.js' | 'validate-terraform-version.js', name: string) => cdktfModule<Record<string, CheckClass>>(`validations/${file}`)[name];
  return { binary: load('validate-binary-version.js', 'ValidateBinaryVersion'), terraform: load('validate-terraform-version.js', 'ValidateTerraformVersion') };
}

/**
 * True if `version` (x.y.z) meets a constraint of the one form cdktf's checks use, `>=x.y[.z]`.
 * Anything else is false, and cdktf then checks with its own semver, as before.
 */
export function atLeast(version: string, constraint: string): boolean {
  const wanted = /^>=\s*(\d+)\.(\d+)(?:\.(\d+))?$/.exec(constraint.trim());
  const have = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  if (!wanted || !have) return false;
  for (let i = 1; i <= 3; i++) {
    const [h, w] = [Number(have[i]), Number(wanted[i] ?? 0)];
    if (h !== w) return h > w;
  }
  return true;
}

/** Output of version commands that exited 0, by command (from `prefetchTerraformVersion`). */
const prefetched = new Map<string, string>();
let patched = false;

/** Makes cdktf's binary version checks run once per process (idempotent). */
export function checkBinaryVersionsOnce(): void {
  if (patched) return;
  patched = true;
  const proto = checkClasses().binary.prototype;
  const original = proto.validate;
  if (typeof original !== 'function') return;
  const results = new Map<string, string[]>();
  proto.validate = function validate(this: BinaryVersionCheck): string[] {
    const key = JSON.stringify([this.binary, this.versionConstraint, this.versionCommand, this.hint]);
    let result = results.get(key);
    if (!result) {
      // cdktf's success path on the prefetched output; every other case through cdktf itself.
      const version = prefetched.get(this.versionCommand)?.match(/\d+\.\d+\.\d+/);
      result = version && atLeast(version[0], this.versionConstraint) ? [] : original.call(this);
      results.set(key, result);
    }
    return [...result];
  };
}

/**
 * Runs cdktf's `terraform version` command in the background; resolves when it ended (never
 * rejects). Await it before `app.synth()`.
 */
export function prefetchTerraformVersion(): Promise<void> {
  const command = new (checkClasses().terraform)('*').versionCommand;
  return new Promise((done) => {
    const child = exec(command, (error, stdout) => {
      if (!error) prefetched.set(command, String(stdout));
      done();
    });
    child.stdin?.end();
  });
}
