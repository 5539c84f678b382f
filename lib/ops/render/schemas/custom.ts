/**
 * Custom resources against the CRD version the environment installs (structural.ts says how the
 * API server's pruning is made strict). ajv 8 compiles each CRD version once per process: the
 * cache is keyed by the schema's content, so the four environments installing the same chart
 * share one compiled validator.
 *
 * Compiling is the expensive part (about 2 s for the CRDs the shipped environments use, Argo CD's
 * Application alone 160 kB of schema), so the compiled code is also kept on disk, as ajv's
 * standalone module, in `node_modules/.cache/edp-crd-validators/<key>.js` (at most 256 MB, the
 * least recently read go first). The key is the sha256 of ajv's version, the options below and
 * the strict schema itself (what structural.ts made of the CRD): any change compiles again.
 */
import Ajv, { ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { createHash } from 'crypto';
import { createRequire } from 'module';
import { cacheDir, DiskCache, keep, keptFileOf, readKept } from '../disk-cache';
import type { ApiDefinition } from './apis';
import { AjvError, fromAjv, SchemaProblem, withoutNulls } from './problem';
import { strictSchema } from './structural';

/**
 * A CRD's `pattern` is RE2 (the API server is Go): a pattern may start with RE2's flags, as
 * prometheus-operator's PrometheusRule does (`^(?i)(abort|warn)?$`), which JavaScript rejects.
 * Leading `(?i)`, `(?m)`, `(?s)` (after `^` or not) become the JavaScript flags; the rest is JavaScript's syntax.
 * Self-contained: ajv writes its source into the saved code.
 */
function re2(pattern: string, flags: string): RegExp {
  const leading = /^(\^?)\(\?([ims]+)\)/.exec(pattern);
  if (!leading) return new RegExp(pattern, flags);
  return new RegExp(leading[1] + pattern.slice(leading[0].length), flags + [...new Set(leading[2])].filter((f) => !flags.includes(f)).join(''));
}
const RE2 = Object.assign(re2, { code: `(${re2.toString()})` });

// strict: false lets ajv ignore the x-kubernetes-* keywords; formats are left to the API server.
// CRD schemas are large: not checking them against the JSON Schema meta-schema and not
// optimizing the generated code compiles them 2-3 times faster. `source` keeps the code to save.
const OPTIONS = { strict: false, allErrors: true, validateFormats: false, validateSchema: false, code: { optimize: false, source: true, regExp: RE2 } } as const;
const ajv = new Ajv(OPTIONS);
const compiled = new Map<string, ValidateFunction | string>();

const AJV_VERSION = (require('ajv/package.json') as { version: string }).version;
/** In the project's node_modules: the saved code's `require("ajv/dist/runtime/...")` finds the same ajv. */
const SAVED: DiskCache = { dir: cacheDir('edp-crd-validators'), suffix: '.js', maxBytes: 256 * 1024 * 1024 };

/**
 * Runs a saved module's text as Node's require would (its own `require` resolves from its file),
 * read from disk each time: a module loader's cache could answer with a file's earlier content.
 */
function loadSaved(file: string, text: string): ValidateFunction {
  const module = { exports: {} as unknown };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function('module', 'exports', 'require', text)(module, module.exports, createRequire(file));
  return module.exports as ValidateFunction;
}

/**
 * The validator of a strict schema: saved code when there is some, else compiled and saved; or
 * why the schema cannot be compiled here (a pattern in RE2 syntax JavaScript lacks, `(?P<name>`).
 */
function validatorFor(strict: Record<string, unknown>): ValidateFunction | string {
  const key = createHash('sha256').update(JSON.stringify([AJV_VERSION, OPTIONS, RE2.code, strict])).digest('hex');
  const known = compiled.get(key);
  if (known) return known;
  const saved = readKept(SAVED, key);
  let validate = saved === undefined ? undefined : loadSaved(keptFileOf(SAVED, key), saved);
  if (!validate) {
    try {
      validate = ajv.compile(strict);
    } catch (e) {
      const reason = `its schema cannot be compiled here (${(e as Error).message})`;
      compiled.set(key, reason);
      return reason;
    }
    keep(SAVED, key, standaloneCode(ajv, validate));
  }
  compiled.set(key, validate);
  return validate;
}

/** The version's schema as validated: without `status` when a status subresource makes the API server ignore it. */
function validatedSchema(definition: ApiDefinition & { schema: Record<string, unknown> }): Record<string, unknown> {
  if (!definition.statusSubresource) return definition.schema;
  const { status: _status, ...properties } = (definition.schema.properties ?? {}) as Record<string, unknown>;
  return { ...definition.schema, properties };
}

const byDefinition = new WeakMap<ApiDefinition, ValidateFunction | string>();

function validatorOf(definition: ApiDefinition & { schema: Record<string, unknown> }): ValidateFunction | string {
  const known = byDefinition.get(definition);
  if (known) return known;
  const v = validatorFor(strictSchema(validatedSchema(definition), definition.preserveUnknownFields));
  byDefinition.set(definition, v);
  return v;
}

/** Problems of a custom resource against one CRD version (metadata is checked separately). */
export function validateCustom(object: unknown, definition: ApiDefinition): SchemaProblem[] {
  if (!definition.served) return [{ path: '', message: `version ${definition.version} of the CRD is not served` }];
  if (!definition.schema) return [];
  const validate = validatorOf(definition as ApiDefinition & { schema: Record<string, unknown> });
  if (typeof validate === 'string') return [{ path: '', message: `cannot be checked against its CRD: ${validate}` }];
  const { status, ...rest } = withoutNulls(object) as Record<string, unknown>;
  const ignored: SchemaProblem[] = [];
  if (definition.statusSubresource && status !== undefined) ignored.push({ path: '/status', message: 'is ignored: the CRD has a status subresource, so the API server keeps status out of create and update' });
  if (validate(definition.statusSubresource ? rest : { ...rest, ...(status === undefined ? {} : { status }) })) return ignored;
  return [...ignored, ...fromAjv(validate.errors as AjvError[] | null)];
}
