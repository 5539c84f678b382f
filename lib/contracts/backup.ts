/**
 * The tag that puts a disk under backup: the infra layer's CBR vault binds every EVS disk tagged
 * `edp-backup=<tenant>-<env>` (lib/infra/backup.ts), and the platform layer's csi-disk volumes carry
 * it (CloudServices.volumeTags). Both sides read the key from here.
 */
export const BACKUP_TAG_KEY = 'edp-backup';
