/**
 * Limits of what the loader reads, so that no input can make it hang or run out of stack. The
 * shipped files are far below each (the largest is 0.5 KB, 4 levels deep); the README lists them.
 */
export const LIMITS = {
  /** Largest tenant or environment file read, in bytes (64 KiB). Parsing is linear below it. */
  fileBytes: 64 * 1024,
  /** Deepest nesting of lists and mappings in one file (`cluster.nodePools[0].autoscaling.min` is 4). */
  depth: 32,
  /** Node pools per cluster: each is a resource group of its own (a file of thousands would make synth crawl). */
  nodePools: 20,
  /** Items of the other lists (suppressions, public API ranges). */
  listItems: 50,
  /** Problems printed per run; the rest are counted in one last line. */
  problemsShown: 50,
} as const;
