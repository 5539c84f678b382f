/**
 * cdktf records a complete stack trace (no depth limit) for every token and computed list it
 * creates, only to name where a token came from should resolving it ever fail. This program never
 * shows a stack trace to its users (rule: one line per problem), and recording them was about a
 * tenth of a synth (docs/performance.md). `new App({ stackTraces: false })` turns off the
 * construct metadata traces only, so this turns off the token traces too, once per process.
 * Output does not change: the traces are never written.
 */
import { cdktfModule } from './cdktf-internals';

let done = false;

export function skipTokenStackTraces(): void {
  if (done) return;
  done = true;
  // cdktf's modules call it as `(0, stack_trace_1.captureStackTrace)()`, through this object.
  const traces = cdktfModule<{ captureStackTrace?: unknown }>('tokens/private/stack-trace.js');
  if (typeof traces.captureStackTrace === 'function') traces.captureStackTrace = () => [];
}
