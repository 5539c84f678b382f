/**
 * otc (seed 2.2.2): cert-manager with ClusterIssuer `main`, ingress-nginx on the ELB the infra
 * layer made, and the default StorageClass `csi-disk` encrypted with the environment's KMS key.
 */
import type { Values } from '../argocd/types';
import type { CloudServices } from '../../contracts/cloud';
import type { KubernetesObject } from '../../contracts/manifest';
import { CHARTS } from './charts';
import { CLUSTER_ISSUER, INGRESS_CLASS } from './ingress';
import type { StackContext, StackModule } from './types';

/** The StorageClass every PVC of the platform uses on OTC. */
export const OTC_STORAGE_CLASS = 'csi-disk';
/** EVS type of the platform's disks (the seed's Forgejo volume: GPSSD). */
export const OTC_VOLUME_TYPE = 'GPSSD';

export function clusterIssuer(email: string): KubernetesObject {
  return {
    apiVersion: 'cert-manager.io/v1',
    kind: 'ClusterIssuer',
    metadata: { name: CLUSTER_ISSUER },
    spec: {
      acme: {
        email,
        server: 'https://acme-v02.api.letsencrypt.org/directory',
        privateKeySecretRef: { name: 'cluster-issuer-account-key' },
        solvers: [{ http01: { ingress: { ingressClassName: INGRESS_CLASS } } }],
      },
    },
  };
}

/**
 * The seed shows two classes: a `default` class on the retired FlexVolume provisioner, and
 * `csi-disk` in every PVC. A working CCE cluster needs the Everest CSI driver, so this is
 * `csi-disk` on `everest-csi-provisioner`, made the default, encrypted with the KMS key. CCE's
 * Everest add-on creates an unencrypted `csi-disk` itself and StorageClass parameters are
 * immutable, so Argo CD replaces it (`Replace=true`). Zonal disks are pinned to the zone the infra
 * layer names (the seed pinned eu-de-02), with immediate binding like the seed.
 */
export function storageClass(services: CloudServices): KubernetesObject {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: OTC_STORAGE_CLASS, annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: 'everest-csi-provisioner',
    parameters: {
      'csi.storage.k8s.io/csi-driver-name': 'disk.csi.everest.io',
      'csi.storage.k8s.io/fstype': 'ext4',
      'everest.io/disk-volume-type': OTC_VOLUME_TYPE,
      'everest.io/passthrough': 'true',
      'everest.io/crypt-key-id': services.encryption.kmsKeyId,
      // Everest documents `everest.io/disk-volume-tags` as a PVC annotation; StorageClass parameters
      // carry the same keys as defaults (a PVC's own annotations win). The CBR vault binds by them.
      'everest.io/disk-volume-tags': JSON.stringify(services.volumeTags),
    },
    allowedTopologies: [{ matchLabelExpressions: [{ key: 'topology.kubernetes.io/zone', values: [services.volumeAvailabilityZone] }] }],
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'Immediate',
    allowVolumeExpansion: true,
  };
}

/** Service annotations that bind a LoadBalancer Service to the ELB the infra layer created. */
export function elbAnnotations(services: CloudServices): Record<string, string> {
  return {
    'kubernetes.io/elb.class': services.loadBalancer.elbClass,
    'kubernetes.io/elb.id': services.loadBalancer.id,
  };
}

function ingressNginxValues(ctx: StackContext, services: CloudServices): Values {
  const monitored = ctx.has('observability') || ctx.has('observability-client');
  const config: Record<string, string> = { 'proxy-buffer-size': '32k', 'use-forwarded-headers': 'true' };
  // Since controller 1.12 snippet annotations also need the risk level raised to Critical.
  if (ctx.allowSnippetAnnotations) config['annotations-risk-level'] = 'Critical';
  return {
    controller: {
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      service: {
        annotations: {
          ...elbAnnotations(services),
          'kubernetes.io/elb.ip': services.loadBalancer.publicIp,
          'kubernetes.io/elb.port': '80',
        },
      },
      ingressClassResource: { name: INGRESS_CLASS, default: true },
      // The seed enabled snippets for idpbuilder; they are off unless the environment allows them.
      allowSnippetAnnotations: ctx.allowSnippetAnnotations,
      config,
      metrics: {
        enabled: true,
        // ServiceMonitor is a CRD of the monitoring stacks: only with one of them selected.
        serviceMonitor: { enabled: monitored, additionalLabels: { release: 'ingress-nginx' } },
      },
    },
  };
}

export const otc: StackModule = {
  name: 'otc',
  needs: ['core'],
  needsCloud: true,
  hosts: [],
  build(_scope, ctx) {
    const services = ctx.services;
    if (!services || !ctx.acmeEmail) throw new Error('the otc stack needs the OTC services and an ACME e-mail');
    return {
      applications: [
        {
          name: 'cert-manager',
          namespace: 'cert-manager',
          chart: CHARTS.certManager,
          values: { crds: { enabled: true }, replicaCount: 1 },
          manifests: [{ object: clusterIssuer(ctx.acmeEmail) }],
        },
        // With a monitoring stack, its ServiceMonitor's CRD comes from core's prometheus-operator-crds.
        { name: 'ingress-nginx', namespace: 'ingress-nginx', chart: CHARTS.ingressNginx, values: ingressNginxValues(ctx, services), crdsFromOtherApplications: true },
        // Cluster-scoped only; kube-system is where CCE's storage add-on lives.
        { name: 'storageclass', namespace: 'kube-system', manifests: [{ object: storageClass(services), wave: 0, syncOptions: ['Replace=true'] }] },
      ],
    };
  },
};
