/**
 * helmValues (lib/platform/render.ts) escapes every string and key of any JSON-like value exactly
 * as the plain definition does: Object.fromEntries over escaped entries, escapeTerraform on each
 * string. The loop it uses instead is several times faster; this pins that nothing else changed.
 */
import * as fc from 'fast-check';
import { escapeTerraform, helmValues } from '../../lib/platform/render';

function reference(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/\$\{(?!TfToken\[)/g, '$$$${').replace(/%\{/g, '%%{');
  if (Array.isArray(value)) return value.map(reference);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [reference(k) as string, reference(v)]));
  return value;
}

const text = fc.oneof(fc.string(), fc.constantFrom('${A}', '$${A}', '%{if}', '${TfToken[TOKEN.1]}', '{', 'a}b', '__proto__', 'constructor'));
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, text, fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(text, tie('value'), { maxKeys: 4 })),
})).value;

it('gives what the plain definition gives, for any JSON value (keys like __proto__ included)', () => {
  fc.assert(fc.property(json, (v) => expect(helmValues(v)).toBe(JSON.stringify(reference(v), null, 2))), { numRuns: 500 });
  const proto = JSON.parse('{"__proto__": {"${x}": 1}, "b": "%{y}"}') as unknown;
  expect(helmValues(proto)).toBe('{\n  "__proto__": {\n    "$${x}": 1\n  },\n  "b": "%%{y}"\n}');
});

it('fails if a key is not escaped (planted: a reference that skips keys differs)', () => {
  const skipKeys = (value: unknown): unknown =>
    value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reference(v)])) : reference(value);
  expect(helmValues({ '${k}': 1 })).not.toBe(JSON.stringify(skipKeys({ '${k}': 1 }), null, 2));
  expect(escapeTerraform('no braces here')).toBe('no braces here');
});
