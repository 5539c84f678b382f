/** Whether one exposed backend authenticates, and why (or why not). */
export interface Verdict {
  readonly ok: boolean;
  readonly why: string;
}

export const pass = (why: string): Verdict => ({ ok: true, why });
export const fail = (why: string): Verdict => ({ ok: false, why });
