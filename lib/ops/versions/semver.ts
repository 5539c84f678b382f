/** SemVer 2.0 precedence for chart versions, with an optional leading `v` (`v5.18.0` = `5.18.0`). */

const SEMVER = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

export interface SemVer {
  readonly core: readonly [number, number, number];
  readonly prerelease: readonly string[];
}

export function parseSemver(version: string): SemVer | undefined {
  const m = SEMVER.exec(version.trim());
  if (!m) return undefined;
  return { core: [Number(m[1]), Number(m[2]), Number(m[3])], prerelease: m[4] ? m[4].split('.') : [] };
}

function comparePrerelease(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return b.length - a.length; // a release ranks above its prereleases
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] === undefined) return -1;
    if (b[i] === undefined) return 1;
    const na = /^\d+$/.test(a[i]) ? Number(a[i]) : undefined;
    const nb = /^\d+$/.test(b[i]) ? Number(b[i]) : undefined;
    if (na !== undefined && nb !== undefined) {
      if (na !== nb) return na - nb;
    } else if (na !== undefined || nb !== undefined) {
      return na !== undefined ? -1 : 1; // numeric identifiers rank below alphanumeric ones
    } else if (a[i] !== b[i]) {
      return a[i] < b[i] ? -1 : 1;
    }
  }
  return 0;
}

/** Negative, zero or positive as `a` ranks below, equal to or above `b`. Both must be SemVer. */
export function compareSemver(a: SemVer, b: SemVer): number {
  for (let i = 0; i < 3; i++) if (a.core[i] !== b.core[i]) return a.core[i] - b.core[i];
  return comparePrerelease(a.prerelease, b.prerelease);
}
