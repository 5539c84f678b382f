/**
 * Preloaded into every measured process (`node --require`): at exit, writes the process's peak
 * resident set size in kilobytes to the file named by EDP_BENCH_RSS_FILE.
 */
import { writeFileSync } from 'fs';

const file = process.env.EDP_BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
