/**
 * A CRD version's structural schema (openAPIV3Schema) turned into the JSON schema ajv checks,
 * with the API server's semantics made explicit:
 *
 * - Pruning: the API server silently drops every field its structural schema does not specify,
 *   unless the node (or the CRD) has `x-kubernetes-preserve-unknown-fields: true`. A dropped field
 *   is a setting that does nothing, so here it is an error: `additionalProperties: false` on every
 *   object node that specifies `properties` (or nothing) and preserves nothing. Nodes with an
 *   `additionalProperties` schema are maps and stay as they are.
 * - `x-kubernetes-int-or-string: true`: an integer or a string.
 * - `x-kubernetes-embedded-resource: true`: `apiVersion`, `kind` and `metadata` are implied.
 * - The root's `apiVersion`, `kind` and `metadata` are implied too; metadata is checked as
 *   ObjectMeta elsewhere (builtin.ts), whatever the CRD says about it.
 *
 * Not modelled: `x-kubernetes-validations` (CEL rules), formats (the API server checks only a
 * few), defaults. Logical junctors (`anyOf`, `allOf`, `oneOf`, `not`) may only restate what the
 * node's own properties say (structural rule), so they are kept and not made strict themselves.
 */

type Schema = Record<string, unknown>;

const PRESERVE = 'x-kubernetes-preserve-unknown-fields';
const INT_OR_STRING = 'x-kubernetes-int-or-string';
const EMBEDDED = 'x-kubernetes-embedded-resource';

const ANYTHING: Schema = {};
const EMBEDDED_FIELDS: Schema = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' } };

function isSchema(x: unknown): x is Schema {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

function strictNode(node: Schema, preserveAll: boolean): Schema {
  const out: Schema = { ...node };
  if (node[INT_OR_STRING] === true && !node.anyOf && !node.oneOf) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (isSchema(node.properties)) {
    out.properties = Object.fromEntries(Object.entries(node.properties).map(([k, v]) => [k, isSchema(v) ? strictNode(v, preserveAll) : v]));
  }
  if (isSchema(node.items)) out.items = strictNode(node.items, preserveAll);
  if (isSchema(node.additionalProperties)) out.additionalProperties = strictNode(node.additionalProperties, preserveAll);
  if (node[EMBEDDED] === true) {
    const props = { ...EMBEDDED_FIELDS, ...((out.properties as Schema | undefined) ?? {}) };
    // The API server prunes embedded metadata to ObjectMeta: only a metadata schema with fields of its own is kept.
    const meta = isSchema(node.properties) ? node.properties.metadata : undefined;
    if (!isSchema(meta) || !isSchema(meta.properties)) props.metadata = EMBEDDED_FIELDS.metadata;
    out.properties = props;
  }
  const isObject = node.type === 'object' || (node.type === undefined && isSchema(node.properties));
  if (isObject && !preserveAll && node[PRESERVE] !== true && node.additionalProperties === undefined) {
    out.properties ??= {};
    out.additionalProperties = false;
  }
  return out;
}

/**
 * The strict schema of a CRD version. `preserveUnknownFields` is the CRD's own
 * `spec.preserveUnknownFields` (legacy: prune nothing).
 */
export function strictSchema(openAPIV3Schema: Schema, preserveUnknownFields = false): Schema {
  const root = strictNode(openAPIV3Schema, preserveUnknownFields);
  const properties = { ...((root.properties as Schema | undefined) ?? {}) };
  properties.apiVersion = ANYTHING;
  properties.kind = ANYTHING;
  properties.metadata = ANYTHING;
  return { ...root, properties };
}
