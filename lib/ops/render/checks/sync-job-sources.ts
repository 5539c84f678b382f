/**
 * What victoria-metrics-k8s-stack's sync Job downloads at deploy time (rules and dashboards,
 * chart 0.91.2 templates/sync-job/config.yaml) is pinned: every source it fetches (`enabled` true
 * or not given, as the Job reads it) is a GitHub raw URL at a tag (`refs/tags/<tag>`) or a full
 * commit id. A branch (`master`, `main`, `refs/heads/...`), a bare name (GitHub resolves it as a
 * branch first) or any other host would install content that changes without a commit here and
 * was never reviewed.
 */
import { parse } from 'yaml';
import type { StackRender } from '../render';
import { StackObjects } from './stack-objects';
import { where } from './where';

interface Source {
  readonly url?: string;
  readonly enabled?: boolean;
}

const COMMIT = /^[0-9a-f]{40}$/;

/** Why a source URL is not pinned, or undefined when it is. */
export function unpinned(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'not a URL';
  }
  // raw.githubusercontent.com/<owner>/<repo>/<ref...>/<path>; github.com/<owner>/<repo>/raw/<ref...>/<path>
  const parts = u.pathname.split('/').filter(Boolean);
  const ref = u.hostname === 'raw.githubusercontent.com' ? parts.slice(2) : u.hostname === 'github.com' && parts[2] === 'raw' ? parts.slice(3) : undefined;
  if (u.protocol !== 'https:' || !ref) return 'not an https GitHub raw URL, so its ref cannot be told';
  if (ref[0] === 'refs' && ref[1] === 'tags' && ref.length > 3) return undefined;
  if (COMMIT.test(ref[0]) && ref.length > 1) return undefined;
  if (ref[0] === 'refs' && ref[1] === 'heads') return `on branch ${ref[2]}`;
  return `on ${ref[0]}, a branch or an ambiguous name (use refs/tags/<tag> or a commit id)`;
}

export function syncJobSourceProblems(render: StackRender): string[] {
  const problems: string[] = [];
  for (const p of new StackObjects(render).ofKind('ConfigMap', '')) {
    if (!p.template.endsWith('/templates/sync-job/config.yaml')) continue;
    const text = (p.object as { data?: Record<string, string> }).data?.['config.yaml'];
    const at = `${where(render, p.app, p.source, p.template)}: ConfigMap ${p.namespace}/${p.object.metadata.name}`;
    let config: { rules?: { sources?: Source[] }; dashboards?: { sources?: Source[] } };
    try {
      config = (parse(text ?? '') ?? {}) as typeof config;
    } catch (e) {
      problems.push(`${at}: config.yaml does not parse: ${(e as Error).message.split('\n')[0]}`);
      continue;
    }
    for (const kind of ['rules', 'dashboards'] as const) {
      (config[kind]?.sources ?? []).forEach((source, i) => {
        if (source.enabled === false) return;
        const why = unpinned(source.url ?? '');
        if (why) problems.push(`${at} ${kind}.sources[${i}] ${source.url ?? '(no url)'}: ${why}; the sync Job would install content that changes without a commit`);
      });
    }
  }
  return problems;
}
