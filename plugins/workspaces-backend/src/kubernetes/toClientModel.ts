import { KubernetesObject } from '@kubernetes/client-node';

/**
 * client-node serializes objects through its models, which call the
 * NetworkPolicy field `from` `_from`; the manifests are in the API's wire
 * format.
 */
export function toClientModel(object: KubernetesObject): KubernetesObject {
  if (object.kind !== 'NetworkPolicy') {
    return object;
  }
  const policy = object as any;
  return {
    ...policy,
    spec: {
      ...policy.spec,
      ingress: policy.spec.ingress.map(({ from, ...rule }: any) => ({
        ...rule,
        _from: from,
      })),
    },
  };
}
