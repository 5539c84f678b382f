/** One schema violation of a rendered object: a JSON pointer into the object and what is wrong there. */
export interface SchemaProblem {
  /** `/spec/template/spec/containers/0/ports/0/containerPort`; empty for the object itself. */
  readonly path: string;
  readonly message: string;
}

/** The ajv error fields read here (ajv 8 and the validators kubernetes-models compiled with it). */
export interface AjvError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly message?: string;
  readonly params: Record<string, unknown>;
}

/** ajv errors as problems; an unknown field names itself and says that the API server drops it. */
export function fromAjv(errors: readonly AjvError[] | null | undefined, prefix = ''): SchemaProblem[] {
  const out = new Map<string, SchemaProblem>();
  for (const e of errors ?? []) {
    const extra = e.keyword === 'additionalProperties' ? String(e.params.additionalProperty) : undefined;
    const problem = extra
      ? { path: `${prefix}${e.instancePath}/${extra}`, message: 'is not in the schema (the API server drops it: a setting that does nothing)' }
      : { path: `${prefix}${e.instancePath}`, message: e.message ?? e.keyword };
    out.set(`${problem.path}\0${problem.message}`, problem);
  }
  return [...out.values()];
}

/**
 * The object as the API server reads it: a null value means "unset" (the API server drops nulls
 * of fields that are not nullable), so nulls are removed before validation.
 */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (v !== null) out[k] = withoutNulls(v);
    return out;
  }
  return value;
}
