import { KubernetesObject } from '@kubernetes/client-node';
import { appliedFields } from './appliedFields';
import { toClientModel } from './toClientModel';

/**
 * Whether an object as read (client-node's model) has every field of a
 * manifest (the API's wire format) with the manifest's values. A Secret's
 * `stringData` is stored base64-encoded in `data`, and client-node reads a
 * NetworkPolicy's `from` as `_from`: both are compared as stored.
 */
export function hasManifestFields(
  manifest: KubernetesObject,
  observed: KubernetesObject,
): boolean {
  let wanted: any = manifest;
  if (manifest.kind === 'Secret' && (manifest as any).stringData) {
    const { stringData, ...rest } = manifest as any;
    wanted = {
      ...rest,
      data: {
        ...rest.data,
        ...Object.fromEntries(
          Object.entries(stringData as Record<string, string>).map(
            ([name, value]) => [name, Buffer.from(value).toString('base64')],
          ),
        ),
      },
    };
  }
  const model = toClientModel(wanted);
  return (
    JSON.stringify(appliedFields(model, observed)) === JSON.stringify(model)
  );
}
