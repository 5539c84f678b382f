import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { Construct } from 'constructs';

/** How the helm and kubernetes providers reach the cluster. */
export type ClusterAccess =
  /** A cluster made in the same stack (its attributes are known after apply). */
  | { readonly kind: 'certificate'; readonly host: string; readonly clusterCaCertificate: string; readonly clientCertificate: string; readonly clientKey: string }
  /** An existing cluster from a kubeconfig context (the local tier). */
  | { readonly kind: 'kubeconfig'; readonly configPath: string; readonly context: string };

function connection(access: ClusterAccess) {
  return access.kind === 'kubeconfig'
    ? { configPath: access.configPath, configContext: access.context }
    : {
        host: access.host,
        clusterCaCertificate: access.clusterCaCertificate,
        clientCertificate: access.clientCertificate,
        clientKey: access.clientKey,
      };
}

/** helm, kubernetes and random providers, all pointed at one cluster. */
export function configureClusterProviders(scope: Construct, access: ClusterAccess): void {
  new KubernetesProvider(scope, 'Kubernetes', connection(access));
  new HelmProvider(scope, 'Helm', { kubernetes: connection(access) });
  new RandomProvider(scope, 'Random');
}
