/**
 * Spotting secret literals in values and manifests. A key "looks secret" by its name (password,
 * token, clientSecret, ...) unless the name says the value only points at a secret (existingSecret,
 * secretName, passwordKey, secretEnv, tokenUrl, ...). A value is "literal" when it is a non-empty
 * string that is no Terraform expression and no indirection the consuming program resolves itself
 * (`$VAR`, `${VAR}`, `$(VAR)`, Grafana's `$__env{...}` / `$__file{...}`).
 */
import { EXPRESSION_PLACEHOLDER, parseValues } from './helm';
import { isRecord } from './values';

const SECRET_WORDS = /(password|passwd|passphrase|secret|token|apikey|privatekey|accesskey|credential)/;
/** Suffixes naming where a secret is, or a setting about it, rather than the secret itself. */
const REFERENCE_SUFFIXES = /(name|names|ref|reference|file|path|env|envvar|enabled|enable|create|url|uri|endpoint|header|ttl|expiry|expiration|duration|lifetime|timeout|seconds|interval|time|mtime|timestamp|date|length|format|type|mode|policy|strategy|selector|annotations|labels)$/;
/** `tlsSecret`, `caSecret`, `certificateSecret`: the name of a Secret holding a certificate. */
const CERTIFICATE_SECRET = /(tls|ca|cert|certificate)secret$/;
/** Key names ending in "key" that ARE secrets; other `...Key` names name a key inside a Secret. */
const SECRET_KEY_SUFFIXES = /(secretkey|accesskey|apikey|privatekey|clientkey)$/;

export function looksSecret(key: string): boolean {
  const k = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (!SECRET_WORDS.test(k) || k.startsWith('existing')) return false;
  if (REFERENCE_SUFFIXES.test(k) || CERTIFICATE_SECRET.test(k)) return false;
  if (k.endsWith('key') && !SECRET_KEY_SUFFIXES.test(k)) return false;
  return true;
}

const INDIRECTION = /^(\$[A-Za-z_][A-Za-z0-9_]*|\$\([A-Za-z_][A-Za-z0-9_]*\)|\$__(env|file|vault)\{.*\})$/;

export function isLiteral(value: unknown): value is string {
  if (typeof value !== 'string' || value.trim() === '') return false;
  if (value.includes('${') || value.includes(EXPRESSION_PLACEHOLDER)) return false;
  return !INDIRECTION.test(value.trim());
}

/**
 * Paths of secret literals in plain data. Also catches the env-var shape `{ name: DB_PASSWORD,
 * value: "..." }`, and reads `helm.values` strings nested in manifests.
 */
export function secretLiterals(data: unknown, path: string): string[] {
  if (Array.isArray(data)) return data.flatMap((item, i) => secretLiterals(item, `${path}[${i}]`));
  if (!isRecord(data)) return [];
  const found: string[] = [];
  if (typeof data.name === 'string' && looksSecret(data.name) && isLiteral(data.value)) found.push(`${path}.value (${data.name})`);
  for (const [key, value] of Object.entries(data)) {
    const here = path ? `${path}.${key}` : key;
    if (typeof value === 'string') {
      if (looksSecret(key) && isLiteral(value)) found.push(here);
      else if (key === 'values' && path.endsWith('helm')) {
        const parsed = parseValues(value);
        if (parsed.ok) found.push(...secretLiterals(parsed.value, here));
      }
    } else {
      found.push(...secretLiterals(value, here));
    }
  }
  return found;
}
