/**
 * Where the global setup leaves the shared control plane for the global
 * teardown. Both run in Jest's main process but may be loaded as separate
 * module instances (one per project that lists them), so the handle lives on
 * globalThis under a registry symbol rather than in a module variable.
 */
export const sharedKubeLocalKey = Symbol.for('@internal/kube-local/shared');
