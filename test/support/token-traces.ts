/**
 * jest setupFiles: every test file's cdktf records no token stack traces, as the program's own
 * synth does (lib/environment-stack/token-traces.ts). Tests that build constructs in a plain
 * TerraformStack would otherwise record a complete stack trace for every token, and under jest
 * each trace is mapped through the source maps of the transformed files: about 7 s of CPU per run.
 * Output does not change: the traces are never written.
 */
import { skipTokenStackTraces } from '../../lib/environment-stack/token-traces';

skipTokenStackTraces();
