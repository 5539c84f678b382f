/**
 * The APIs an environment adds to its cluster, found in its own rendered charts: every
 * CustomResourceDefinition (kind by group/version) and every APIService (an aggregated
 * group/version, e.g. metrics-server's `v1beta1.metrics.k8s.io`), each with the Application or
 * Terraform release that installs it.
 */
import type { KubernetesObject } from '../../../contracts/manifest';
import type { RenderedApplication, RenderedObject, RenderedSource, StackRender } from '../render';

/** One place a rendered object comes from. */
export interface Placed {
  readonly app: RenderedApplication;
  readonly source: RenderedSource;
  readonly rendered: RenderedObject;
}

/** A group/version(/kind) the environment installs, and where. */
export interface ApiDefinition extends Placed {
  readonly group: string;
  readonly version: string;
  /** The kind; undefined for an APIService (every kind of its group/version). */
  readonly kind?: string;
  /** For a CRD version: its schema and whether the CRD preserves unknown fields everywhere. */
  readonly schema?: Record<string, unknown>;
  readonly preserveUnknownFields?: boolean;
  /** The CRD version has a status subresource: the API server ignores `status` on create and update. */
  readonly statusSubresource?: boolean;
  readonly served: boolean;
}

interface CrdSpec {
  readonly group: string;
  readonly names: { readonly kind: string };
  readonly preserveUnknownFields?: boolean;
  readonly versions?: readonly {
    readonly name: string;
    readonly served?: boolean;
    readonly schema?: { readonly openAPIV3Schema?: Record<string, unknown> };
    readonly subresources?: { readonly status?: unknown };
  }[];
}

/** Every object of a stack with where it comes from. */
export function placedObjects(render: StackRender): Placed[] {
  return render.applications.flatMap((app) => app.sources.flatMap((source) => source.objects.map((rendered) => ({ app, source, rendered }))));
}

function isCrd(o: KubernetesObject): boolean {
  return o.kind === 'CustomResourceDefinition' && o.apiVersion.startsWith('apiextensions.k8s.io/');
}

function isApiService(o: KubernetesObject): boolean {
  return o.kind === 'APIService' && o.apiVersion.startsWith('apiregistration.k8s.io/');
}

/** Every API definition of the stack, in render order. */
export function apiDefinitions(render: StackRender): ApiDefinition[] {
  const out: ApiDefinition[] = [];
  for (const placed of placedObjects(render)) {
    const o = placed.rendered.object;
    if (isCrd(o)) {
      const spec = o.spec as CrdSpec;
      for (const v of spec.versions ?? []) {
        out.push({
          ...placed,
          group: spec.group,
          version: v.name,
          kind: spec.names.kind,
          schema: v.schema?.openAPIV3Schema,
          preserveUnknownFields: spec.preserveUnknownFields === true,
          statusSubresource: v.subresources?.status !== undefined,
          served: v.served !== false,
        });
      }
    } else if (isApiService(o)) {
      const spec = o.spec as { group?: string; version?: string };
      if (spec.group && spec.version) out.push({ ...placed, group: spec.group, version: spec.version, served: true });
    }
  }
  return out;
}

/** `group/version` of an object's apiVersion: `['apps', 'v1']`, `['', 'v1']` for the core group. */
export function splitApiVersion(apiVersion: string): [string, string] {
  const i = apiVersion.lastIndexOf('/');
  return i < 0 ? ['', apiVersion] : [apiVersion.slice(0, i), apiVersion.slice(i + 1)];
}

/** The definitions that make `object`'s kind exist (CRD versions of its kind, APIServices of its group/version). */
export function definitionsOf(object: KubernetesObject, definitions: readonly ApiDefinition[]): ApiDefinition[] {
  const [group, version] = splitApiVersion(object.apiVersion);
  return definitions.filter((d) => d.group === group && d.version === version && (d.kind === undefined || d.kind === object.kind));
}
