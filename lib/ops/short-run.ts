/**
 * V8 tunes for long-running processes: a function that has run a few thousand bytecodes is
 * compiled again, optimized, on a background thread. A synth is a batch run of about a second in
 * which most functions run briefly once per resource, so most of that optimizing is paid and
 * never repaid: on the two-core machine it is about a tenth of the CPU of `node dist/main.js`
 * (docs/performance.md). `tuneForShortRun()` (the program's first step) lets a function run four
 * times longer before V8 optimizes it; hot loops still get optimized, so a synth of 100
 * environments gains too. Only how fast code runs changes, never what it computes.
 */
import { setFlagsFromString } from 'v8';

/** Four times V8's default interrupt budget (67584 in Node 20's V8). */
export const SHORT_RUN_V8_FLAGS = '--interrupt-budget=270336';

export function tuneForShortRun(): void {
  setFlagsFromString(SHORT_RUN_V8_FLAGS);
}
