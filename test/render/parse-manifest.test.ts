/** Each rendered object keeps the template Helm names in its `# Source:` comment. */
import { parseManifest } from '../../lib/ops/render/render';

test('every object of Helm output names its template', () => {
  const text =
    '---\n# Source: a/templates/x.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n---\n# Source: a/charts/b/templates/y.yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: y\n';
  expect(parseManifest(text).map((o) => [o.object.metadata.name, o.template])).toEqual([
    ['x', 'a/templates/x.yaml'],
    ['y', 'a/charts/b/templates/y.yaml'],
  ]);
});
