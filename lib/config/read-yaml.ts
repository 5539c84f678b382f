import { readFileSync } from 'fs';
import { parseDocument } from 'yaml';
import { ConfigProblem } from './errors';

export type YamlResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problems: ConfigProblem[] };

/**
 * Reads one YAML file. Syntax errors (and duplicate keys) become problems with line and column;
 * an empty file is a problem too, since every file needs at least one field.
 */
export function readYaml(absolutePath: string, file: string): YamlResult {
  const source = readFileSync(absolutePath, 'utf8');
  const doc = parseDocument(source, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const pos = e.linePos?.[0];
        const where = pos ? `line ${pos.line}, column ${pos.col}: ` : '';
        const firstLine = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
        return { file, path: '', message: `${where}YAML syntax error: ${firstLine}` };
      }),
    };
  }
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (e) {
    // Resolving aliases can fail after a clean parse (an alias bomb: "Excessive alias count").
    return { ok: false, problems: [{ file, path: '', message: `YAML error: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}` }] };
  }
  if (value === null || value === undefined) {
    return { ok: false, problems: [{ file, path: '', message: 'the file is empty: expected a mapping of settings' }] };
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, problems: [{ file, path: '', message: `expected a mapping of settings, got ${Array.isArray(value) ? 'a list' : JSON.stringify(value)}` }] };
  }
  return { ok: true, value };
}
