/**
 * jest setupFiles: in every test file, cdktf's `archiver` loads only when something uses it, as
 * in the program (lib/environment-stack/deferred-archiver.ts). The program's stand-in works on
 * Node's module cache, which jest's per-file module registry does not read: without this, every
 * test file that loads cdktf also loads archiver with glob, lodash, readable-stream and the zip
 * and tar streams (about 200 modules). The stand-in is the real package from its first use (a
 * call or a property): a stack with an asset is zipped as before.
 */
import { archiverFile, archiverStandIn } from '../../lib/environment-stack/deferred-archiver';

const file = archiverFile();
jest.doMock(file, () => {
  let real: unknown;
  return archiverStandIn(() => (real ??= jest.requireActual(file)) as object);
});
