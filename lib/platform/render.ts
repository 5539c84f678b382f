/**
 * Typed objects to the values string a `helm_release` takes. Runs at synth (cheap); nothing here
 * reads files or schemas.
 *
 * Terraform treats `${` and `%{` in any string as interpolation, and cdktf does not escape string
 * literals. Helm values legitimately contain them (Vector's `${VECTOR_USER}`, Grafana's
 * `$__env{...}`), so every literal `${` becomes `$${` and `%{` becomes `%%{`, while cdktf's own
 * token markers (`${TfToken[...]}`, resolved to Terraform references at synth) stay as they are.
 */
const LITERAL_INTERPOLATION = /\$\{(?!TfToken\[)/g;
const LITERAL_DIRECTIVE = /%\{/g;

export function escapeTerraform(s: string): string {
  // Both patterns start with a `{` after `$` or `%`: a string without `{` stays as it is.
  if (!s.includes('{')) return s;
  // In a replacement string `$$` stands for one `$`: '$$$${' inserts `$${`.
  return s.replace(LITERAL_INTERPOLATION, '$$$${').replace(LITERAL_DIRECTIVE, '%%{');
}

/** Inverse of escapeTerraform, for reading synthesized output back (tests). */
export function unescapeTerraform(s: string): string {
  return s.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
}

/** A plain copy with every string and key escaped (own enumerable keys, in their order). */
function escapeDeep(value: unknown): unknown {
  if (typeof value === 'string') return escapeTerraform(value);
  if (Array.isArray(value)) return value.map(escapeDeep);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const k = escapeTerraform(key);
      const v = escapeDeep((value as Record<string, unknown>)[key]);
      // As Object.fromEntries does: an own property, also for a key named __proto__.
      if (k === '__proto__') Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
      else out[k] = v;
    }
    return out;
  }
  return value;
}

/**
 * A helm_release `values` entry. Helm reads values as YAML, and JSON is YAML: pretty-printed JSON
 * is several times faster to produce than the yaml package's output (it was a third of building a
 * stack), keeps one value per line for `terraform plan` diffs, and keeps token markers whole.
 */
export function helmValues(values: unknown): string {
  return JSON.stringify(escapeDeep(values), null, 2);
}
