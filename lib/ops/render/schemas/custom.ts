/**
 * Custom resources against the CRD version the environment installs (structural.ts says how the
 * API server's pruning is made strict). ajv 8 compiles each CRD version once per process: the
 * cache is keyed by the schema's content, so the four environments installing the same chart
 * share one compiled validator.
 */
import Ajv, { ValidateFunction } from 'ajv';
import { createHash } from 'crypto';
import type { ApiDefinition } from './apis';
import { AjvError, fromAjv, SchemaProblem, withoutNulls } from './problem';
import { strictSchema } from './structural';

// strict: false lets ajv ignore the x-kubernetes-* keywords; formats are left to the API server.
// CRD schemas are large (Argo CD's Application: 160 kB): not checking them against the JSON
// Schema meta-schema and not optimizing the generated code compiles them 2-3 times faster.
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, validateSchema: false, code: { optimize: false } });
const compiled = new Map<string, ValidateFunction>();

/** The version's schema as validated: without `status` when a status subresource makes the API server ignore it. */
function validatedSchema(definition: ApiDefinition & { schema: Record<string, unknown> }): Record<string, unknown> {
  if (!definition.statusSubresource) return definition.schema;
  const { status: _status, ...properties } = (definition.schema.properties ?? {}) as Record<string, unknown>;
  return { ...definition.schema, properties };
}

const byDefinition = new WeakMap<ApiDefinition, ValidateFunction>();

function validatorOf(definition: ApiDefinition & { schema: Record<string, unknown> }): ValidateFunction {
  const known = byDefinition.get(definition);
  if (known) return known;
  const schema = validatedSchema(definition);
  const text = JSON.stringify(schema);
  const key = createHash('sha256').update(`${definition.preserveUnknownFields}\0${text}`).digest('hex');
  let v = compiled.get(key);
  if (!v) {
    v = ajv.compile(strictSchema(schema, definition.preserveUnknownFields));
    compiled.set(key, v);
  }
  byDefinition.set(definition, v);
  return v;
}

/** Problems of a custom resource against one CRD version (metadata is checked separately). */
export function validateCustom(object: unknown, definition: ApiDefinition): SchemaProblem[] {
  if (!definition.served) return [{ path: '', message: `version ${definition.version} of the CRD is not served` }];
  if (!definition.schema) return [];
  const validate = validatorOf(definition as ApiDefinition & { schema: Record<string, unknown> });
  const { status, ...rest } = withoutNulls(object) as Record<string, unknown>;
  const ignored: SchemaProblem[] = [];
  if (definition.statusSubresource && status !== undefined) ignored.push({ path: '/status', message: 'is ignored: the CRD has a status subresource, so the API server keeps status out of create and update' });
  if (validate(definition.statusSubresource ? rest : { ...rest, ...(status === undefined ? {} : { status }) })) return ignored;
  return [...ignored, ...fromAjv(validate.errors as AjvError[] | null)];
}
