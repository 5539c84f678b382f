// @ts-check
'use strict';

/**
 * What stops a build, printed as is (`build: <message>`, lib/ops/build/fresh.js): a source that
 * does not transpile, a tsconfig.json that cannot be read, a missing TypeScript or esbuild, a
 * package file esbuild cannot make.
 */
class BuildError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'BuildError';
  }
}

module.exports = { BuildError };
