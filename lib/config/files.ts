/**
 * The file system under environments/, read defensively: every entry is looked at (through
 * symbolic links) before it is opened, so that a dangling link, a folder where a file belongs, a
 * named pipe or a device, an unreadable or oversized file becomes one problem instead of a stack
 * trace or a hang. Nothing here knows what a tenant or an environment is.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, readdirSync, readlinkSync, Stats, statSync } from 'fs';
import { LIMITS } from './limits';

export type Entry =
  | { readonly kind: 'file'; readonly size: number }
  | { readonly kind: 'folder' }
  /** Anything else, with what it is, phrased for `got ...`: "nothing", "a named pipe", ... */
  | { readonly kind: 'other'; readonly what: string };

function otherKind(stats: Stats): string {
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'neither a file nor a folder';
}

function errnoWhat(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'nothing';
  if (code === 'ELOOP') return 'a loop of symbolic links';
  if (code === 'EACCES' || code === 'EPERM') return 'an entry that cannot be read (permission denied)';
  if (code === 'ENOTDIR') return 'nothing (a file stands where a folder is expected on the way)';
  if (code === 'ENAMETOOLONG') return 'a name too long for the file system';
  return `an entry that cannot be read (${code ?? 'unknown error'})`;
}

/** What is at `path`, following symbolic links. */
export function inspect(path: string): Entry {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      // statSync follows links: a link whose target is missing reads as missing too.
      try {
        if (lstatSync(path).isSymbolicLink()) return { kind: 'other', what: `a symbolic link to ${JSON.stringify(readlinkSync(path))}, which does not exist` };
      } catch {
        // not there at all
      }
    }
    return { kind: 'other', what: errnoWhat(e) };
  }
  if (stats.isFile()) return { kind: 'file', size: stats.size };
  if (stats.isDirectory()) return { kind: 'folder' };
  return { kind: 'other', what: otherKind(stats) };
}

/** The names in a folder, sorted, or what stopped listing it. */
export function listFolder(path: string): { readonly ok: true; readonly names: string[] } | { readonly ok: false; readonly what: string } {
  try {
    return { ok: true, names: readdirSync(path).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) };
  } catch (e) {
    return { ok: false, what: errnoWhat(e) };
  }
}

export type TextResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly message: string };

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

/**
 * Reads a small UTF-8 text file. Opened without blocking (a named pipe that replaced the file
 * between listing and reading cannot hang the run), checked on the open descriptor, and read only
 * up to the size limit.
 */
export function readText(path: string): TextResult {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') return { ok: false, message: 'expected a file, got a folder' };
    return { ok: false, message: `expected a readable file, got ${errnoWhat(e)}` };
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) return { ok: false, message: 'expected a file, got a folder' };
    if (!stats.isFile()) return { ok: false, message: `expected a regular file, got ${otherKind(stats)} (not read: it could block the run)` };
    const max = LIMITS.fileBytes;
    if (stats.size > max) return { ok: false, message: `expected a file of at most ${sizeText(max)}, got ${sizeText(stats.size)} (not read)` };
    const buffer = Buffer.alloc(max + 1);
    let length = 0;
    for (let n = 1; n > 0 && length <= max; length += n) n = readSync(fd, buffer, length, buffer.length - length, null);
    if (length > max) return { ok: false, message: `expected a file of at most ${sizeText(max)}, got more (it grew while being read)` };
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, length));
    } catch {
      return { ok: false, message: 'expected UTF-8 text, got bytes that are not UTF-8 (a binary file?)' };
    }
    if (text.includes('\u0000')) return { ok: false, message: 'expected text, got a NUL byte (a binary file?)' };
    return { ok: true, text };
  } catch (e) {
    return { ok: false, message: `expected a readable file, got ${errnoWhat(e)}` };
  } finally {
    closeSync(fd);
  }
}
