/**
 * Fields the environment and tenant files had and no longer have, by field path, with what the
 * user does about one: the loader names a retired field so instead of calling it an unknown key
 * (which suggests a spelling mistake).
 */
export const RETIRED_FIELDS: Readonly<Record<string, string>> = {
  'gitops.targetRevision': 'retired: nothing read it (Argo CD is given read access to the repository, not a revision of it); delete the field',
};
