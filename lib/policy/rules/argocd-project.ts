import { isApplication } from '../helm';
import { PolicyRule } from '../rule';
import { at, show } from '../values';

export const argocdProject: PolicyRule = {
  id: 'EDP-ARGO-1',
  reason: "no ArgoCD Application may use the project \"default\", which allows every repository, cluster and namespace",
  hint: "put the Application in its stack's AppProject, which limits its source repositories and destinations",
  manifests: true,
  check(subject) {
    if (subject.kind !== 'manifest' || !isApplication(subject.object)) return [];
    const project = at(subject.object, ['spec', 'project']);
    if (project === 'default') return ['spec.project is "default"'];
    return typeof project === 'string' && project !== '' ? [] : [`spec.project is ${show(project)}, which ArgoCD treats as "default"`];
  },
};
