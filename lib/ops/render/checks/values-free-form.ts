/**
 * Value paths whose content is free-form although the chart's files do not say so in a way the
 * analysis (chart-reads/) can see. Keep it short: every entry names why.
 */
export interface FreeFormEntry {
  /** Path segments from the chart's values root; `*` is any key or list position. */
  readonly path: readonly string[];
  readonly why: string;
}

export const FREE_FORM: Readonly<Record<string, readonly FreeFormEntry[]>> = {};
