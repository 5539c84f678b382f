/** The policy pack: every rule the PolicyAspect applies, in the order findings are reported. */
import { PolicyRule } from '../rule';
import { argocdProject } from './argocd-project';
import { ccePublicApi } from './cce-public-api';
import { chartPinned } from './chart-pinned';
import { traefikIngress } from './traefik-ingress';
import { obsEncryption } from './obs-encryption';
import { obsPrivate } from './obs-private';
import { obsVersioning } from './obs-versioning';
import { protectedState } from './protected-state';
import { rdsBackups } from './rds-backups';
import { rdsPublicIp } from './rds-public-ip';
import { rdsSsl } from './rds-ssl';
import { secretLiteralsRule } from './secret-literals';
import { securityGroupIngress } from './security-group-ingress';
import { volumeEncryption } from './volume-encryption';

export const POLICY_RULES: readonly PolicyRule[] = [
  securityGroupIngress,
  rdsPublicIp,
  rdsBackups,
  rdsSsl,
  obsPrivate,
  obsEncryption,
  obsVersioning,
  ccePublicApi,
  volumeEncryption,
  traefikIngress,
  argocdProject,
  secretLiteralsRule,
  chartPinned,
  protectedState,
];
