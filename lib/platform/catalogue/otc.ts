/**
 * otc (seed 2.2.2): cert-manager with ClusterIssuer `main`, Traefik (in place of the seed's
 * ingress-nginx) on the ELB the infra layer made, and the default StorageClass `csi-disk` encrypted with the environment's KMS key.
 */
import type { Values } from '../argocd/types';
import type { CloudServices } from '../../contracts/cloud';
import type { KubernetesObject } from '../../contracts/manifest';
import { CHARTS } from './charts';
import { DECLARED } from './declarations';
import { CLUSTER_ISSUER, INGRESS_CLASS, traefikApplication } from './ingress';
import type { StackContext, StackModule } from './types';

/** The StorageClass every PVC of the platform uses on OTC. */
const OTC_STORAGE_CLASS = 'csi-disk';
/** EVS type of the platform's disks (the seed's Forgejo volume: GPSSD). */
export const OTC_VOLUME_TYPE = 'GPSSD';

function clusterIssuer(email: string): KubernetesObject {
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
function storageClass(services: CloudServices): KubernetesObject {
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

/**
 * Traefik's entry points, as the chart names them (traefik 41.3.0 values.yaml:951 `web` on 8000,
 * exposed as 80; :1009 `websecure` on 8443, exposed as 443, TLS on).
 */
const WEB = 'web';
const WEBSECURE = 'websecure';

/**
 * How long Traefik reads one request, body included. Traefik v3's default of 60 s would cut a large
 * `git push` or LFS upload to Forgejo over a slow link (ingress-nginx had no such limit, only the
 * body size); half an hour, like the runners' own job steps.
 */
const INGRESS_READ_TIMEOUT = '30m';

/**
 * Traefik on the environment's dedicated ELB, as ingress-nginx was: the Service carries the same
 * ELB annotations (traefik 41.3.0 values.yaml:1135), X-Forwarded-* are trusted only from the ELB's backend subnet
 * (values.yaml:975-977, :1064-1066; nginx trusted them from anyone), HTTP is redirected to HTTPS
 * (values.yaml:969-974), Ingress status gets the ELB address (publishedService, values.yaml:352-355),
 * and with a monitoring stack the metrics Service and a ServiceMonitor (values.yaml:690-699).
 */
function traefikValues(ctx: StackContext, services: CloudServices): Values {
  const monitored = ctx.has('monitored');
  const forwardedHeaders = { trustedIPs: [services.loadBalancer.backendCidr] };
  return {
    service: {
      annotations: {
        ...elbAnnotations(services),
        'kubernetes.io/elb.ip': services.loadBalancer.publicIp,
        'kubernetes.io/elb.port': '80',
      },
    },
    providers: {
      kubernetesIngress: { ingressClass: INGRESS_CLASS, publishedService: { enabled: true } },
    },
    ports: {
      [WEB]: {
        forwardedHeaders,
        // cert-manager's HTTP-01 solver Ingress is redirected too; Let's Encrypt follows a redirect
        // to 443 and does not check the certificate there.
        http: { redirections: { entryPoint: { to: WEBSECURE, scheme: 'https', permanent: true } } },
      },
      [WEBSECURE]: {
        forwardedHeaders,
        transport: { respondingTimeouts: { readTimeout: INGRESS_READ_TIMEOUT } },
      },
    },
    metrics: {
      prometheus: {
        service: { enabled: monitored },
        // ServiceMonitor is a CRD of the monitoring stacks: only with one of them selected.
        serviceMonitor: { enabled: monitored, additionalLabels: { release: 'traefik' } },
      },
    },
  };
}

/** The otc stack's settings. */
export interface OtcSettings {
  /** Let's Encrypt account of ClusterIssuer `main`. */
  readonly acmeEmail: string;
}

/** otc provides the StorageClass of every PVC. */
export const otc: StackModule<{ readonly storageClass: string }, unknown, OtcSettings> = {
  ...DECLARED.otc,
  build(_scope, ctx) {
    const services = ctx.services;
    if (!services || !ctx.settings) throw new Error('the otc stack needs the OTC services and an ACME e-mail');
    return {
      applications: [
        {
          name: 'cert-manager',
          namespace: 'cert-manager',
          chart: CHARTS.certManager,
          values: { crds: { enabled: true }, replicaCount: 1 },
          manifests: [{ object: clusterIssuer(ctx.settings.acmeEmail) }],
        },
        // With a monitoring stack, its ServiceMonitor's CRD comes from core's prometheus-operator-crds.
        traefikApplication(traefikValues(ctx, services), { crdsFromOtherApplications: true }),
        // Cluster-scoped only; kube-system is where CCE's storage add-on lives.
        { name: 'storageclass', namespace: 'kube-system', manifests: [{ object: storageClass(services), wave: 0, syncOptions: ['Replace=true'] }] },
      ],
      provides: { storageClass: OTC_STORAGE_CLASS },
    };
  },
};
