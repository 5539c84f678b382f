// @ts-check
/**
 * Brings `dist` up to date with the sources (see ./index.js), then lets Node go on. Used as a
 * preload by every command, `node -r ./lib/ops/build/fresh.js dist/main.js` (Node resolves
 * `dist/main.js` only after the preload ran), and on its own by `npm run build`.
 * A source that does not transpile ends the run with exit code 1 and the compiler's message.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { BuildError, ensureBuild } = require('./index');

/** The folder holding package.json, upwards from here. */
function projectRoot() {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

try {
  ensureBuild(projectRoot());
} catch (e) {
  if (!(e instanceof BuildError)) throw e;
  process.stderr.write(`build: ${e.message}\n`);
  process.exit(1);
}
