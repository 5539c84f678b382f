/**
 * Who may reach a cluster's public Kubernetes API: its manager's runners (the manager's NAT egress
 * address, read from the manager's Terraform state) and the extra ranges of the environment file.
 *
 * How the OTC provider (1.36.54) models it, and why this is the design:
 * - `cce_cluster_v3.eip` binds a public address to the API; it is updatable in place.
 * - `cce_cluster_v3.api_access_trustlist` is CCE's trust list of that endpoint, and ForceNew
 *   ("specified when creating a CCE cluster; changing this parameter will create a new cluster").
 * - The masters' security group (`security_group_control`) is created and owned by CCE, with its
 *   own rule for the API port; `security_group_id` only names the nodes' group (also ForceNew).
 *   Rules added next to CCE's own cannot narrow what it admits, so a security-group rule set that
 *   changes in place is not available for the API.
 * So the trust list is INITIAL. The cluster ignores later changes of it (a change can never
 * replace the cluster silently), and the list is also recorded in a `terraform_data` resource
 * whose change shows in every plan; the plan guard refuses it, naming the manager's old and new
 * address (lib/policy/plan/trust-list.ts). Manager addresses stay stable: a managing
 * environment's egress address carries `prevent_destroy` (lib/infra/network.ts).
 */
import { DataResource } from 'cdktf';
import { Construct } from 'constructs';
import type { StateRef } from '../config/model';
import { TRUST_LIST_PURPOSE, TrustListRecord } from '../contracts/trust-list';
import { remoteState } from '../providers/backend';
import { EGRESS_IP_OUTPUT } from './outputs';

export { TRUST_LIST_PURPOSE } from '../contracts/trust-list';

export interface ApiAccessProps {
  /** The environment whose runners deploy this one; its egress address is trusted. */
  readonly manager?: { readonly stackId: string; readonly state: StateRef };
  /** Further ranges (`cluster.publicApiCidrs`). */
  readonly extraCidrs: readonly string[];
}

export class ApiAccess extends Construct {
  /** The cluster's `api_access_trustlist`: the manager's address first, then the extra ranges. */
  readonly trustList: readonly string[];
  /** The manager's egress address as a /32, when there is a manager. */
  readonly managerCidr?: string;

  constructor(scope: Construct, id: string, props: ApiAccessProps) {
    super(scope, id);
    const m = props.manager;
    // A manager that was never deployed has no state: Terraform stops the plan ("Unable to find
    // remote state" at ManagerState). A state without egress_ip gets the default "", and the
    // precondition below stops the plan instead of creating a cluster its manager cannot reach.
    const state = m ? remoteState(this, 'ManagerState', m.state, { [EGRESS_IP_OUTPUT]: '' }) : undefined;
    const egress = state?.getString(EGRESS_IP_OUTPUT);
    this.managerCidr = egress ? `${egress}/32` : undefined;
    this.trustList = [...(this.managerCidr ? [this.managerCidr] : []), ...props.extraCidrs];

    const input: TrustListRecord = { purpose: TRUST_LIST_PURPOSE, manager: m?.stackId ?? null, managerCidr: this.managerCidr ?? null, cidrs: [...this.trustList] };
    new DataResource(this, 'TrustList', {
      input,
      ...(egress
        ? {
            lifecycle: {
              precondition: [
                {
                  // cdktf's Op renders literal operands "" and 0 as `undefined`: the expression is written out.
                  condition: `${'$'}{length(${state!.fqn}.outputs.${EGRESS_IP_OUTPUT}) > 0}`,
                  errorMessage: `The manager ${m!.stackId} has no ${EGRESS_IP_OUTPUT} in its state (${m!.state.bucket}/${m!.state.key}): deploy it first (at least its egress address), see README "Bootstrap". The API trust list of a new cluster cannot be changed later.`,
                },
              ],
            },
          }
        : {}),
    });
  }
}
