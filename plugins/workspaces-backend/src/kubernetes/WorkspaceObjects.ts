/*
 * Long file: every read and write of a workspace's objects on one cluster,
 * and the trust that lets a sweep skip the unchanged ones; both workloads
 * (a StatefulSet, or the pod itself: applyAll, applyWithPod) share it.
 */
import {
  ApiException,
  CoreV1Api,
  KubeConfig,
  KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
  V1Pod,
} from '@kubernetes/client-node';
import { createHash } from 'crypto';
import { appliedFields } from './appliedFields';
import { hasManifestFields } from './hasManifestFields';
import { toClientModel } from './toClientModel';
import { WorkspaceManifests } from './buildWorkspaceManifests';
import { isQuotaRefusal } from './deriveWithoutPod';
import { RUN_ID_LABEL, WORKSPACE_ID_LABEL } from './labels';
import { RecentEvents } from './RecentEvents';
import { PodWatcher } from './PodWatcher';

/** The one field manager of every server-side apply of the plugin. */
export const FIELD_MANAGER = 'backstage-workspaces';

/** The kinds a workspace is made of, for listing and removing them. */
export const workspaceKinds = [
  { apiVersion: 'apps/v1', kind: 'StatefulSet' },
  { apiVersion: 'v1', kind: 'Service' },
  { apiVersion: 'v1', kind: 'Secret' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' },
  { apiVersion: 'v1', kind: 'PersistentVolumeClaim' },
  { apiVersion: 'v1', kind: 'Pod' },
];

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiException && error.code === 404;
}

const fingerprint = (value: unknown) =>
  createHash('sha256').update(JSON.stringify(value)).digest('base64');

const objectKey = (object: KubernetesObject) =>
  `${object.apiVersion}/${object.kind}/${object.metadata?.namespace}/${object.metadata?.name}`;

/** An object's namespace and name (a uid tells its kind and incarnation). */
const nameKey = (metadata?: { namespace?: string; name?: string }) =>
  `${metadata?.namespace}/${metadata?.name}`;

/** The objects that a workspace has (a Secret only with secret variables). */
function present(
  objects: Array<KubernetesObject | undefined>,
): KubernetesObject[] {
  return objects.flatMap(object => (object ? [object] : []));
}

/** The API server's message of a refusal, or the error's own. */
export function describeApiError(error: unknown): string {
  if (error instanceof ApiException) {
    try {
      const body =
        typeof error.body === 'string' ? JSON.parse(error.body) : error.body;
      return body?.message ?? `HTTP ${error.code}`;
    } catch {
      return `HTTP ${error.code}`;
    }
  }
  return (error as Error)?.message ?? String(error);
}

/** When objects were last seen as applied, and until when that holds. */
export interface Trust {
  /** When the cluster last showed the object as applied (ms since epoch). */
  verifiedAt: number;
  /** Until when that is trusted without reading the object again. */
  trustedUntil: number;
}

/** What `applyAll` did. */
export interface ApplyOutcome {
  /** How long the applied objects are trusted as they are (see `isTrusted`). */
  trust: Trust;
  /** With the workload `Pod`: an earlier pod of the name is still going. */
  waitingForPod?: boolean;
  /** With the workload `Pod`: why the API server refused the pod (a quota). */
  podRefused?: string;
  /**
   * With the workload `Pod`: the pod this apply created, as the API server
   * answered; the watch cache may not have it yet.
   */
  createdPod?: V1Pod;
}

/** What the last successful apply of an object sent and got back. */
interface Applied extends Trust {
  desired: string;
  uid?: string;
  /** The applied fields as the API server returned them. */
  fields: string;
}

export interface WorkspaceObjectsOptions {
  /** Answers pod reads from a watch cache while it can. */
  pods?: Pick<PodWatcher, 'cachedPod'>;
  /**
   * How long an object seen as applied is trusted without reading it back
   * (default 5 minutes): drift from outside is repaired within this time.
   */
  driftCheckMs?: number;
  now?: () => number;
}

/**
 * Reads and writes the Kubernetes objects of workspaces on one cluster.
 * Applies only what changed: an object whose manifest is the one last
 * applied, and whose applied fields nobody changed since, costs a read, not
 * a write, so the periodic sweep writes nothing when nothing drifted; and
 * within the drift-check interval of that read, not even a read.
 */
export class WorkspaceObjects {
  private readonly objects: KubernetesObjectApi;
  private readonly core: CoreV1Api;
  private readonly applied = new Map<string, Applied>();
  /** Objects a read found absent, and how long that is trusted. */
  private readonly absent = new Map<string, Trust>();
  /**
   * The uid of each object deleted here with that precondition, and when,
   * until a read shows it going or gone (the watch cache can show it as it
   * was for a moment after the delete's answer).
   */
  private readonly deleted = new Map<string, { uid: string; at: number }>();
  /** The events of an object, listed at most once per EVENTS_TTL_MS. */
  readonly events: RecentEvents;
  private readonly driftCheckMs: number;
  private readonly now: () => number;
  /** What was seen before this time is read back before it is trusted. */
  private trustedSince = -Infinity;

  constructor(
    kubeConfig: KubeConfig,
    private readonly options: WorkspaceObjectsOptions = {},
  ) {
    this.objects = KubernetesObjectApi.makeApiClient(kubeConfig);
    this.core = kubeConfig.makeApiClient(CoreV1Api);
    this.driftCheckMs = options.driftCheckMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
    this.events = new RecentEvents(this.core, this.now);
  }

  /**
   * Objects applied together are read back at different sweeps: each is
   * trusted for 80 to 100% of the interval.
   */
  private verifiedNow() {
    const verifiedAt = this.now();
    const trustedFor = this.driftCheckMs * (0.8 + 0.2 * Math.random());
    return { verifiedAt, trustedUntil: verifiedAt + trustedFor };
  }

  /**
   * Reads every object back at its next apply, e.g. after the cluster was
   * unreachable for a while and may have been restored from a backup.
   */
  distrustWhatWasSeen(): void {
    this.trustedSince = this.now();
  }

  /** Server-side apply of one object; returns it as the cluster has it. */
  async apply<T extends KubernetesObject>(object: T): Promise<T> {
    this.absent.delete(objectKey(object));
    return (await this.objects.patch(
      toClientModel(object),
      undefined,
      undefined,
      FIELD_MANAGER,
      true,
      PatchStrategy.ServerSideApply,
    )) as T;
  }

  /**
   * Applies the object unless the cluster already has it as wanted: the
   * same manifest was applied last, and the object (same UID) still has the
   * applied fields' values from then. Without such a record (e.g. after a
   * restart), or with a record of another manifest (another replica may have
   * applied this one since), the object is wanted if it has every field of
   * the manifest. Returns the object's UID.
   */
  async applyIfChanged(object: KubernetesObject): Promise<string | undefined> {
    const key = objectKey(object);
    const desired = fingerprint(object);
    const last = this.applied.get(key);
    if (last?.desired === desired && this.isTrusted(last)) {
      return last.uid;
    }
    const observed = await this.read(object);
    if (observed) {
      const fields = fingerprint(appliedFields(object, observed));
      const unchanged =
        last?.desired === desired
          ? last.uid === observed.metadata?.uid && last.fields === fields
          : hasManifestFields(object, observed);
      if (unchanged) {
        const uid = observed.metadata?.uid;
        this.applied.set(key, {
          desired,
          uid,
          fields,
          ...this.verifiedNow(),
        });
        return uid;
      }
    }
    this.applied.delete(key);
    const result = await this.apply(object);
    const uid = result.metadata?.uid;
    this.applied.set(key, {
      desired,
      uid,
      fields: fingerprint(appliedFields(object, result)),
      ...this.verifiedNow(),
    });
    return uid;
  }

  /**
   * Applies the volume claims, then the StatefulSet, then what belongs to it
   * as children it owns (`build` gets its UID). With `keepRunningPod`, an
   * existing StatefulSet that runs is left as it is, so a change waits for
   * the next start. With the workload `Pod`, see `applyWithPod`.
   */
  async applyAll(
    build: (ownerUid?: string) => WorkspaceManifests,
    options: { keepRunningPod: boolean },
  ): Promise<ApplyOutcome> {
    const first = build();
    if (first.pod) {
      return this.applyWithPod(first, build, options);
    }
    await this.applyEach(first.volumeClaims);
    // only a running pod is kept: a StatefulSet scaled to zero (a start that
    // was not applied yet, e.g. the backend was killed after it) gets the
    // whole manifest, or the start would never happen
    const read = options.keepRunningPod
      ? await this.read(first.statefulSet)
      : undefined;
    const existing = (read?.spec?.replicas ?? 0) > 0 ? read : undefined;
    const ownerUid =
      existing?.metadata?.uid ?? (await this.applyIfChanged(first.statefulSet));
    const { secret, service, networkPolicy, ingresses } = build(ownerUid);
    const rest = present([secret, service, networkPolicy, ...ingresses]);
    await this.applyEach(rest);
    if (existing) {
      return { trust: { verifiedAt: -Infinity, trustedUntil: -Infinity } };
    }
    return {
      trust: this.trustOf([...first.volumeClaims, first.statefulSet, ...rest]),
    };
  }

  /**
   * The workload `Pod`: applies the volume claims and the NetworkPolicy
   * (kept while stopped, so usually no write), creates the pod unless the
   * workspace has one, then applies what belongs to the pod as children it
   * owns. A pod is never changed (its spec can't be), so a change waits for
   * the next start; a pod of an earlier run (a stop and a start that came
   * together) is deleted, unless `keepRunningPod`, as a StatefulSet would
   * replace it. An earlier pod of the name that is still going, or a quota
   * that refuses the pod, is reported, not thrown: the caller tries again.
   * The pod is watched, so only the other objects' trust is returned.
   */
  private async applyWithPod(
    first: WorkspaceManifests,
    build: (ownerUid?: string) => WorkspaceManifests,
    options: { keepRunningPod: boolean },
  ): Promise<ApplyOutcome> {
    const kept = [...first.volumeClaims, first.networkPolicy];
    await this.applyEach(kept);
    const pod = first.pod!;
    const { name, namespace, labels } = pod.metadata!;
    let current = await this.readPod(namespace!, name!);
    const isOurs =
      current?.metadata?.labels?.[WORKSPACE_ID_LABEL] ===
      labels?.[WORKSPACE_ID_LABEL];
    const runOf = (object?: KubernetesObject) =>
      object?.metadata?.labels?.[RUN_ID_LABEL];
    const earlierRun =
      !options.keepRunningPod &&
      runOf(current) !== undefined &&
      runOf(pod) !== undefined &&
      runOf(current) !== runOf(pod);
    if (current && isOurs && earlierRun && !this.isGoing(current)) {
      await this.delete(pod, { uid: current.metadata?.uid });
      return { trust: this.verifiedNow(), waitingForPod: true };
    }
    if (current && (!isOurs || this.isGoing(current))) {
      return { trust: this.verifiedNow(), waitingForPod: true };
    }
    let createdPod: V1Pod | undefined;
    if (!current) {
      try {
        current = createdPod = (await this.objects.create(
          toClientModel(pod),
          undefined,
          undefined,
          FIELD_MANAGER,
        )) as V1Pod;
      } catch (error) {
        if (error instanceof ApiException && error.code === 409) {
          // created meanwhile, and not in the watch cache yet
          return { trust: this.verifiedNow(), waitingForPod: true };
        }
        const message = describeApiError(error);
        if (
          error instanceof ApiException &&
          error.code === 403 &&
          isQuotaRefusal(message)
        ) {
          return { trust: this.verifiedNow(), podRefused: message };
        }
        throw error;
      }
    }
    const { secret, service, ingresses } = build(current.metadata?.uid);
    const owned = present([secret, service, ...ingresses]);
    await this.applyEach(owned);
    return { trust: this.trustOf([...kept, ...owned]), createdPod };
  }

  /**
   * Applies each object unless the cluster has it as wanted; returns how
   * long they are trusted as they are.
   */
  async applyEach(objects: KubernetesObject[]): Promise<Trust> {
    for (const object of objects) {
      await this.applyIfChanged(object);
    }
    return this.trustOf(objects);
  }

  /** The trust of objects applied or read back: that of the oldest. */
  private trustOf(objects: KubernetesObject[]): Trust {
    if (objects.length === 0) {
      return this.verifiedNow();
    }
    const records = objects.map(object => this.applied.get(objectKey(object)));
    if (records.some(record => !record)) {
      return { verifiedAt: -Infinity, trustedUntil: -Infinity };
    }
    return {
      verifiedAt: Math.min(...records.map(record => record!.verifiedAt)),
      trustedUntil: Math.min(...records.map(record => record!.trustedUntil)),
    };
  }

  /** Objects applied or read back with this trust need no read yet. */
  isTrusted(trust: Trust): boolean {
    return (
      trust.verifiedAt > this.trustedSince && this.now() < trust.trustedUntil
    );
  }

  async read<T extends KubernetesObject>(object: T): Promise<T | undefined> {
    try {
      return (await this.objects.read(object as any)) as T;
    } catch (error) {
      if (isNotFound(error)) {
        return undefined;
      }
      throw error;
    }
  }

  /**
   * Reads the object, unless a read found none within the drift-check
   * interval and this backend has not applied it since. Only for an object
   * no replica of this configuration makes (a StatefulSet left from the
   * other workload): it is looked for once per interval, not at each stop.
   */
  async readUnlessAbsent<T extends KubernetesObject>(
    object: T,
  ): Promise<T | undefined> {
    const key = objectKey(object);
    const absent = this.absent.get(key);
    if (absent && this.isTrusted(absent)) {
      return undefined;
    }
    const found = await this.read(object);
    if (found) {
      this.absent.delete(key);
    } else {
      this.absent.set(key, this.verifiedNow());
    }
    return found;
  }

  /** The ResourceQuotas of a namespace, hard and used. */
  async listResourceQuotas(namespace: string) {
    const list = await this.core.listNamespacedResourceQuota({ namespace });
    return list.items.map(quota => ({
      name: quota.metadata?.name ?? '',
      hard: (quota.status?.hard ?? quota.spec?.hard ?? {}) as Record<
        string,
        string
      >,
      used: (quota.status?.used ?? {}) as Record<string, string>,
    }));
  }

  /** The workspace pod from the watch cache, if it is synced (see PodWatcher). */
  cachedPod(namespace: string, name: string): { pod?: V1Pod } | undefined {
    return this.options.pods?.cachedPod(namespace, name);
  }

  /** The workspace pod, from the watch cache while it is synced. */
  async readPod(namespace: string, name: string): Promise<V1Pod | undefined> {
    const cached = this.cachedPod(namespace, name);
    if (cached) {
      return this.seen({ namespace, name }, cached.pod);
    }
    try {
      return this.seen(
        { namespace, name },
        await this.core.readNamespacedPod({ namespace, name }),
      );
    } catch (error) {
      if (isNotFound(error)) {
        return this.seen({ namespace, name }, undefined);
      }
      throw error;
    }
  }

  /**
   * The object is being deleted: it says so, or it is the one deleted here
   * (its uid) within the drift-check interval, and the read that found it
   * was older than the delete's answer (see `deleted`).
   */
  isGoing(object: KubernetesObject): boolean {
    if (object.metadata?.deletionTimestamp) {
      return true;
    }
    const deleted = this.deleted.get(nameKey(object.metadata));
    return (
      deleted !== undefined &&
      deleted.uid === object.metadata?.uid &&
      this.now() - deleted.at < this.driftCheckMs
    );
  }

  private rememberDeleted(object: KubernetesObject, uid: string) {
    const now = this.now();
    for (const [key, { at }] of this.deleted) {
      if (now - at >= this.driftCheckMs) {
        this.deleted.delete(key);
      }
    }
    this.deleted.set(nameKey(object.metadata), { uid, at: now });
  }

  /** What a read found; forgets a delete the read shows done or going. */
  private seen<T extends KubernetesObject>(
    metadata: { namespace: string; name: string },
    found: T | undefined,
  ): T | undefined {
    const key = nameKey(metadata);
    const deleted = this.deleted.get(key);
    if (
      deleted &&
      (found?.metadata?.uid !== deleted.uid ||
        found.metadata?.deletionTimestamp)
    ) {
      this.deleted.delete(key);
    }
    return found;
  }

  /** The objects that carry the workspace's id label, of every kind it has. */
  async listObjects(
    namespace: string,
    workspaceId: string,
  ): Promise<KubernetesObject[]> {
    const found: KubernetesObject[] = [];
    for (const { apiVersion, kind } of workspaceKinds) {
      const list = await this.objects.list(
        apiVersion,
        kind,
        namespace,
        undefined,
        undefined,
        undefined,
        undefined,
        `${WORKSPACE_ID_LABEL}=${workspaceId}`,
      );
      found.push(...list.items.map(item => ({ ...item, apiVersion, kind })));
    }
    return found;
  }

  /**
   * Deletes the object; one already gone is fine. With `uid`, only the
   * object of that uid: another of the same name (a later run's pod) stays.
   */
  async delete(
    object: KubernetesObject,
    only?: { uid?: string },
  ): Promise<void> {
    this.applied.delete(objectKey(object));
    try {
      await this.objects.delete(
        object,
        undefined,
        undefined,
        undefined,
        undefined,
        'Background',
        only?.uid ? { preconditions: { uid: only.uid } } : undefined,
      );
      if (only?.uid) {
        this.rememberDeleted(object, only.uid);
      }
    } catch (error) {
      const another =
        Boolean(only?.uid) &&
        error instanceof ApiException &&
        error.code === 409;
      if (!isNotFound(error) && !another) {
        throw error;
      }
    }
  }
}
