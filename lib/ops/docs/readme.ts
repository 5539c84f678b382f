/**
 * The generated parts of README.md: text between `<!-- BEGIN <name> (npm run docs) -->` and
 * `<!-- END <name> -->` is replaced by `npm run docs`; the rest of the README is written by hand.
 */
import { OpsError } from '../cli';

const begin = (name: string) => `<!-- BEGIN ${name} (npm run docs) -->`;
const end = (name: string) => `<!-- END ${name} -->`;

/** The README with the section `name` replaced by `content`; throws when the markers are missing. */
export function withGeneratedSection(readme: string, name: string, content: string): string {
  const from = readme.indexOf(begin(name));
  const to = readme.indexOf(end(name));
  if (from === -1 || to === -1 || to < from) throw new OpsError(`README.md has no "${begin(name)}" ... "${end(name)}" section`);
  return `${readme.slice(0, from)}${begin(name)}\n${content.trimEnd()}\n${readme.slice(to)}`;
}
