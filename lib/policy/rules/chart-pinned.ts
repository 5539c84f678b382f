import { chartsOf } from '../helm';
import { PolicyRule } from '../rule';
import { show } from '../values';

/** One exact SemVer 2.0 version, optionally with Helm's accepted leading "v" (cert-manager uses it). */
export const EXACT_VERSION = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

export const chartPinned: PolicyRule = {
  id: 'EDP-CHART-1',
  reason: 'every chart version must be pinned exactly, so that a deploy installs what was reviewed',
  hint: 'write the exact chart version (e.g. "4.12.1"): no ranges, no "latest", never empty',
  resourceTypes: ['helm_release'],
  manifests: true,
  check(subject) {
    return chartsOf(subject)
      .filter((c) => typeof c.version !== 'string' || !EXACT_VERSION.test(c.version))
      .map((c) => `${c.versionField} of chart ${show(c.chart)} is ${show(c.version)}, expected an exact version`);
  },
};
