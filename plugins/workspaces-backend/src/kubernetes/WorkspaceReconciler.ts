/*
 * Long file: the one loop that converges a workspace (leases, applies,
 * retries, start timeouts); what it decides is in pure functions elsewhere
 * (deriveWorkspaceStatus, buildWorkspaceManifests).
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ApiException,
  CoreV1Event,
  KubernetesObject,
  V1Pod,
} from '@kubernetes/client-node';
import { WorkspaceCrashLog } from '@backstage-workspaces/plugin-workspaces-common';
import { HeldLease, OpenRun, RuntimeStore } from '../database/RuntimeStore';
import { errorTypeOf } from '../metrics/errorTypeOf';
import { WorkspacesMetrics } from '../metrics/WorkspacesMetrics';
import { DORMANCY_VOLUMES_DELETED, WorkspaceRecord } from '../model/records';
import { BuildingBlockCatalog } from '../buildingBlocks/BuildingBlockCatalog';
import { SecretCipher } from '../workspaces/SecretCipher';
import {
  buildWorkspaceManifests,
  ManifestOptions,
  WorkspaceManifests,
} from './buildWorkspaceManifests';
import {
  describeMissingRight,
  missingRightStatus,
} from './describeMissingRight';
import { deriveWorkspaceStatus } from './deriveWorkspaceStatus';
import { podEventsDueAt } from './podEventsDueAt';
import { isPodReady } from './PodWatcher';
import {
  findUnavailableBlock,
  UnavailableBlock,
} from '../buildingBlocks/findUnavailableBlock';
import { unavailableBlockStatus } from './unavailableBlockStatus';
import {
  WORKSPACE_ID_LABEL,
  workspacePodName,
  workspaceStatefulSetName,
} from './labels';
import {
  ApplyOutcome,
  describeApiError,
  Trust,
  WorkspaceObjects,
} from './WorkspaceObjects';

export interface WorkspaceReconcilerOptions {
  store: RuntimeStore;
  buildingBlocks: BuildingBlockCatalog;
  cipher: SecretCipher;
  /** The objects API of each cluster, by name; the first is the default. */
  clusters: Map<string, WorkspaceObjects>;
  manifestOptions: ManifestOptions;
  logger: LoggerService;
  /** Identifies this backend replica in leases. */
  replicaId: string;
  startTimeoutMs: number;
  /**
   * A stopped workspace keeps its StatefulSet (at 0 replicas) and what it
   * owns, so a start is one write; by default it keeps only its volume
   * claims (see `workspaces.kubernetes.keepWorkloadWhenStopped`).
   */
  keepWorkloadWhenStopped?: boolean;
  /**
   * Reads the crashed container's last log lines when a run fails, before
   * its pod is removed (the WorkspaceInspector).
   */
  crashLogs?: {
    captureCrashLog(
      workspace: Pick<WorkspaceRecord, 'id' | 'name' | 'namespace' | 'cluster'>,
      pod: V1Pod,
    ): Promise<WorkspaceCrashLog | undefined>;
  };
  leaseMs?: number;
  now?: () => Date;
  /** Counts the passes and their errors. */
  metrics?: WorkspacesMetrics;
}

const KEPT_SUFFIX = '; configuration and volumes are kept';

/**
 * The cluster can't be reached, or can't answer for now (its authorization
 * still loading after a restart): the status becomes Unknown and the sweep
 * tries again, rather than failing the workspace. (A 429 keeps the status,
 * and a 403 naming a right in the namespace says which.)
 */
function isTransient(error: unknown): boolean {
  if (error instanceof ApiException) {
    return [401, 403, 429].includes(error.code) || error.code >= 500;
  }
  const text = `${(error as any)?.code ?? ''} ${
    (error as Error)?.message ?? ''
  } ${(error as any)?.cause?.code ?? ''}`;
  return /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|socket hang up|fetch failed/i.test(
    text,
  );
}

/** What a pass leaves to do. */
export interface PassResult {
  /**
   * False while a deletion waits for objects to go, or a lease is held
   * elsewhere: the same pass again soon.
   */
  settled: boolean;
  /**
   * A pod waiting to be created, too young for its events to be listed
   * (podEventsDueAt): its status again in `inMs` if it still waits then
   * (`stillWaits` asks the watch cache, no request).
   */
  lookAgain?: LookAgain;
}

interface LookAgain {
  inMs: number;
  stillWaits: () => boolean;
}

/** What a full pass converges from: the record's wants, its run, its status. */
function convergedKey(record: WorkspaceRecord, openRunId?: string): string {
  return JSON.stringify([
    record.revision,
    record.desiredState,
    record.pendingRestart,
    openRunId,
    record.status,
    record.statusReason,
    record.statusMessage,
    record.name,
    record.namespace,
    record.cluster,
    record.environmentId,
    record.computePresetId,
    record.computeOverrides,
    record.dataSources,
    record.envVars,
  ]);
}

/** The workspace with the status a pass recorded. */
function withStatus(
  record: WorkspaceRecord,
  seen: Pick<WorkspaceRecord, 'status' | 'statusReason' | 'statusMessage'>,
): WorkspaceRecord {
  const { status, statusReason, statusMessage } = seen;
  return { ...record, status, statusReason, statusMessage };
}

/** The derived status is the one on record. */
function isRecorded(
  record: WorkspaceRecord,
  derived: { status: string; reason: string; message: string },
): boolean {
  return (
    derived.status === record.status &&
    derived.reason === record.statusReason &&
    derived.message === record.statusMessage
  );
}

/** The open run as on record once `seen` is: its pod noted when Running. */
function runAfter(
  run: OpenRun | undefined,
  seen: Pick<WorkspaceRecord, 'status'>,
  podName: string,
): OpenRun | undefined {
  return run && seen.status === 'Running' ? { ...run, podName } : run;
}

/**
 * A pod whose events come due later: its status again then, if it still
 * waits (`stillWaits` asks the watch cache, no request).
 */
function lookAgainAt(
  objects: WorkspaceObjects,
  record: Pick<WorkspaceRecord, 'namespace' | 'name'>,
  eventsDueAt: number | undefined,
  nowMs: number,
): LookAgain | undefined {
  if (eventsDueAt === undefined || eventsDueAt <= nowMs) {
    return undefined;
  }
  return {
    inMs: eventsDueAt - nowMs,
    stillWaits: () => {
      const cached = objects.cachedPod(
        record.namespace,
        workspacePodName(record.name),
      );
      return (
        !cached ||
        (cached.pod !== undefined && podEventsDueAt(cached.pod) !== undefined)
      );
    },
  };
}

/**
 * When a pod's events explain it (see podEventsDueAt): a ready pod, or one
 * its own status describes, needs none.
 */
function eventsDueAtOf(pod: V1Pod | undefined): number | undefined {
  return pod && !isServing(pod) ? podEventsDueAt(pod) : undefined;
}

/**
 * A volume claim whose data source retains it: neither a delete nor
 * dormancy removes it.
 */
function isRetainedClaim(object: KubernetesObject): boolean {
  return (
    object.kind === 'PersistentVolumeClaim' &&
    object.metadata?.annotations?.['workspaces.backstage.io/retain'] === 'true'
  );
}

/** The pod is Ready and not going away. */
function isServing(pod: V1Pod): boolean {
  return !pod.metadata?.deletionTimestamp && isPodReady(pod);
}

/**
 * Converges one workspace at a time to the desired state in the database:
 * applies its manifests (or removes them), then derives its status from the
 * cluster. Level-triggered and idempotent: it can run again at any time, after
 * a crash or an outage, and finishes what was left half done.
 */
export class WorkspaceReconciler {
  private readonly now: () => Date;
  /**
   * What the last full pass of each workspace converged (with the status
   * passes since), its objects' trust, when it ran (ms), its number in the
   * order of full passes (see `fullPassMark`), and the workspace as that
   * pass left it on record, with its open run (see `statusFromMemory`).
   */
  private readonly converged = new Map<
    string,
    {
      key: string;
      trust: Trust;
      at: number;
      seq: number;
      recorded: WorkspaceRecord;
      run?: OpenRun;
    }
  >();
  private fullPasses = 0;
  /** With the workload `Pod`: the quota's last refusal of a workspace's pod. */
  private readonly podRefusals = new Map<string, CoreV1Event>();

  constructor(private readonly options: WorkspaceReconcilerOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Applies the desired state, then records the observed status. Not
   * settled while a deletion still waits for objects to go, so the caller
   * looks again soon.
   */
  reconcile(id: string): Promise<PassResult> {
    return this.pass(id, { apply: true });
  }

  /**
   * Only records the observed status, e.g. after a pod changed; a deletion
   * goes on, since its objects may just have gone.
   */
  async refreshStatus(id: string): Promise<PassResult> {
    return (await this.statusFromMemory(id)) ?? this.pass(id, { apply: false });
  }

  /**
   * The status pass of a pod change, without the lease where it can be:
   * the status derived from the watch cache's pod and the workspace as the
   * last pass left it on record (memory that pass checked against the
   * database). The status on record costs no statement (a pass would take
   * the lease, give it back and write nothing); another is recorded in one
   * statement, only if the workspace is still as remembered and no other
   * replica holds its lease (`setStatusIfUnchanged`). A pod whose events
   * come due later is looked at again then, as after a pass. Undefined when
   * a pass under the lease must look: a workspace this replica knows no
   * pass of, one changed meanwhile, a deletion, a failed run (ending it
   * needs the lease), no pod, a pod whose events are due (they are listed),
   * or a gone building block.
   */
  private async statusFromMemory(id: string): Promise<PassResult | undefined> {
    const last = this.converged.get(id);
    if (
      !last ||
      last.recorded.desiredState === 'Deleted' ||
      this.runFailed(last.recorded)
    ) {
      return undefined;
    }
    const { recorded, run } = last;
    const objects = this.objectsFor(recorded);
    const podName = this.podName(recorded);
    const pod = objects.cachedPod(recorded.namespace, podName)?.pod;
    const now = this.now();
    const eventsDueAt = eventsDueAtOf(pod);
    if (
      !pod ||
      (eventsDueAt !== undefined && eventsDueAt <= now.getTime()) ||
      findUnavailableBlock(
        recorded,
        this.options.buildingBlocks.forProject(recorded.projectRef),
      )
    ) {
      return undefined;
    }
    const derived = this.derive(recorded, {
      clusterReachable: true,
      pod,
      startingForMs: run && now.getTime() - run.startedAt.getTime(),
    });
    const passed = {
      settled: true,
      lookAgain: lookAgainAt(objects, recorded, eventsDueAt, now.getTime()),
    };
    if (isRecorded(recorded, derived)) {
      return passed;
    }
    if (derived.status === 'Failed') {
      return undefined;
    }
    const written = await this.options.store.setStatusIfUnchanged(
      {
        record: recorded,
        observed: derived,
        now,
        openRun: run,
        pod: { name: podName, nodeName: pod.spec?.nodeName },
      },
      this.options.replicaId,
    );
    if (!written) {
      return undefined;
    }
    const seen = {
      status: derived.status,
      statusReason: derived.reason,
      statusMessage: derived.message,
    };
    this.converged.set(id, {
      ...last,
      key: convergedKey(withStatus(recorded, seen), run?.id),
      recorded: withStatus(recorded, seen),
      run: runAfter(run, seen, podName),
    });
    this.options.metrics?.reconciled('refresh');
    return passed;
  }

  private async pass(
    id: string,
    options: { apply: boolean },
  ): Promise<PassResult> {
    let settled = true;
    let lookAgain: LookAgain | undefined;
    let ran = false;
    let errorType: string | undefined;
    // a lease held elsewhere may be a replica that died holding it: not
    // settled, so the caller comes back once it may have expired
    const leased = await this.withLease(id, async (record, run, lease) => {
      ran = true;
      const last = this.converged.get(id);
      this.converged.delete(id);
      const objects = this.objectsFor(record);
      try {
        if (record.desiredState === 'Deleted') {
          settled = await this.remove(record, objects);
          return;
        }
        const unavailable = findUnavailableBlock(
          record,
          this.options.buildingBlocks.forProject(record.projectRef),
        );
        if (unavailable) {
          await this.holdUnavailable(
            record,
            objects,
            unavailable,
            run,
            options,
          );
          return;
        }
        if (this.runFailed(record)) {
          if (options.apply) {
            await this.releaseFailedRun(record, objects);
          }
          return;
        }
        if (!options.apply && !(await this.lacksPod(record, objects))) {
          const seen = await this.observe(record, objects, run, lease);
          lookAgain = seen.lookAgain;
          // a status pass changes no object: what the last full pass
          // converged still holds, with the status now on record
          if (last?.key === convergedKey(record, run?.id)) {
            this.converged.set(id, {
              ...last,
              key: convergedKey(withStatus(record, seen), run?.id),
              recorded: withStatus(record, seen),
              run: runAfter(run, seen, this.podName(record)),
            });
          }
          return;
        }
        // dormancy deleted the volumes of this stopped workspace: none is
        // applied, and what is left goes (a start creates new ones)
        const volumesDeleted =
          record.desiredState === 'Stopped' && Boolean(record.volumesDeletedAt);
        const outcome: ApplyOutcome = this.keepsOnlyVolumes(record)
          ? { trust: await this.applyStopped(record, objects, volumesDeleted) }
          : await objects.applyAll(
              ownerUid => {
                const manifests = this.manifests(record, run?.id, ownerUid);
                return volumesDeleted
                  ? {
                      ...manifests,
                      volumeClaims:
                        manifests.volumeClaims.filter(isRetainedClaim),
                    }
                  : manifests;
              },
              {
                // changes to a running workspace apply at its next start
                keepRunningPod:
                  record.pendingRestart && record.desiredState === 'Running',
              },
            );
        if (volumesDeleted) {
          await this.deleteVolumes(record, objects);
        }
        this.notePodRefusal(record, outcome.podRefused);
        // an earlier pod of the name is going: the pass again soon (its
        // deletion's event brings it sooner)
        settled = !outcome.waitingForPod;
        const seen = await this.observe(
          record,
          objects,
          run,
          lease,
          outcome.createdPod,
        );
        lookAgain = seen.lookAgain;
        this.converged.set(record.id, {
          key: convergedKey(withStatus(record, seen), run?.id),
          recorded: withStatus(record, seen),
          run: runAfter(run, seen, this.podName(record)),
          trust: outcome.trust,
          // a pod the quota refused waits for the sweep to try again
          at: outcome.podRefused ? -Infinity : this.now().getTime(),
          seq: outcome.podRefused ? -Infinity : ++this.fullPasses,
        });
      } catch (error) {
        errorType = errorTypeOf(error);
        await this.recordFailure(record, error);
      }
    });
    if (ran) {
      this.options.metrics?.reconciled(
        options.apply ? 'reconcile' : 'refresh',
        errorType,
      );
    }
    return { settled: leased && settled, lookAgain };
  }

  /**
   * Nothing for a sweep to do: the last full pass converged the workspace as
   * it is now, its objects are still trusted as applied, and its pod (from
   * the watch cache) shows the status on record. Costs no request.
   *
   * A workspace still starting is left to its pod's watch (each step of the
   * pod brings a status pass) when its last full pass ran less than
   * `recentMs` ago: the sweep during a burst of starts would otherwise make
   * a second full pass of each.
   */
  isSettled(
    record: WorkspaceRecord,
    openRunId?: string,
    recentMs = 0,
  ): boolean {
    const last = this.converged.get(record.id);
    if (!last || last.key !== convergedKey(record, openRunId)) {
      return false;
    }
    const objects = this.objectsFor(record);
    const cached = objects.cachedPod(record.namespace, this.podName(record));
    if (!objects.isTrusted(last.trust) || !cached) {
      return false;
    }
    if (record.status !== record.desiredState) {
      return (
        record.desiredState === 'Running' &&
        Boolean(cached.pod) &&
        this.now().getTime() - last.at < recentMs
      );
    }
    if (cached.pod && !isServing(cached.pod)) {
      return false;
    }
    return isRecorded(
      record,
      this.derive(record, { clusterReachable: true, pod: cached.pod }),
    );
  }

  /**
   * A mark in the order of full passes: `convergedSince(id, mark)` tells
   * whether a full pass converged the workspace after it was taken.
   */
  fullPassMark(): number {
    return this.fullPasses;
  }

  /**
   * A full pass converged the workspace after `mark` (see `fullPassMark`),
   * e.g. its start while a sweep that listed it went through the others.
   */
  convergedSince(id: string, mark: number): boolean {
    return (this.converged.get(id)?.seq ?? -Infinity) > mark;
  }

  /** The cluster went away: statuses become Unknown, never a stale Running. */
  async markUnreachable(id: string): Promise<void> {
    // the status on record is no longer what the last pass left
    this.converged.delete(id);
    const record = await this.options.store.getWorkspace(id);
    if (record) {
      await this.options.store.setStatus(
        record,
        this.derive(record, { clusterReachable: false }),
        this.now(),
      );
    }
  }

  /**
   * Runs `act` holding the workspace's lease, then gives the lease back,
   * unless `act`'s last write gave it back already (see `observe`).
   */
  private async withLease(
    id: string,
    act: (
      record: WorkspaceRecord,
      openRun: OpenRun | undefined,
      lease: HeldLease,
    ) => Promise<void>,
  ): Promise<boolean> {
    const { store, replicaId } = this.options;
    const lease = await store.acquireLease(
      id,
      replicaId,
      this.now(),
      this.options.leaseMs ?? 30_000,
    );
    if (!lease) {
      this.options.logger.debug(`Workspace ${id} is leased by another replica`);
      // nothing to come back for once it is gone
      return !(await store.getWorkspace(id));
    }
    const held: HeldLease = { owner: replicaId };
    try {
      if (lease.record) {
        await act(lease.record, lease.openRun, held);
      }
    } finally {
      if (!held.released) {
        await store.releaseLease(id, replicaId);
      }
    }
    return true;
  }

  /**
   * The IP of the workspace's pod, if it is this workspace's and Ready: the
   * backend reaches the tool ports there (the NetworkPolicy lets it in).
   */
  async findToolHost(
    record: Pick<WorkspaceRecord, 'id' | 'name' | 'namespace' | 'cluster'>,
  ): Promise<string | undefined> {
    const pod = await this.objectsFor(record).readPod(
      record.namespace,
      this.podName(record),
    );
    if (
      !pod ||
      !isServing(pod) ||
      pod.metadata?.labels?.[WORKSPACE_ID_LABEL] !== record.id
    ) {
      return undefined;
    }
    return pod.status?.podIP;
  }

  /** The ResourceQuotas of a workspace's namespace on its cluster. */
  readResourceQuotas(
    target: Pick<WorkspaceRecord, 'namespace' | 'cluster'>,
  ): Promise<
    Array<{
      name: string;
      hard: Record<string, string>;
      used: Record<string, string>;
    }>
  > {
    return this.objectsFor(target).listResourceQuotas(target.namespace);
  }

  private objectsFor(
    record: Pick<WorkspaceRecord, 'cluster'>,
  ): WorkspaceObjects {
    const { clusters } = this.options;
    const objects = record.cluster
      ? clusters.get(record.cluster)
      : clusters.values().next().value;
    if (!objects) {
      throw new Error(`Cluster ${record.cluster} is not configured`);
    }
    return objects;
  }

  private podName(record: Pick<WorkspaceRecord, 'name'>): string {
    return workspacePodName(record.name);
  }

  /**
   * Derives and records the status; returns it as recorded. Given the
   * pass's `lease`, the pass has nothing to write after this, and the
   * status's write gives the lease back with it (unless the run failed:
   * ending it and releasing its pod follow, still under the lease).
   */
  private async observe(
    record: WorkspaceRecord,
    objects: WorkspaceObjects,
    run: OpenRun | undefined,
    lease?: HeldLease,
    createdPod?: V1Pod,
  ): Promise<
    Pick<WorkspaceRecord, 'status' | 'statusReason' | 'statusMessage'> & {
      lookAgain?: LookAgain;
    }
  > {
    const { store } = this.options;
    const podName = this.podName(record);
    // a pod the pass just created is described as the API server answered
    // its create: the watch cache may not have seen it yet, and "Creating
    // the workspace's objects" would need a pass more once it has
    const pod =
      (await objects.readPod(record.namespace, podName)) ?? createdPod;
    // events explain a pod that waits on its way up or failing; a ready one,
    // or one its own status describes, needs none, and a young one waiting
    // to be created needs them only if it still waits a while later
    const eventsDueAt = eventsDueAtOf(pod);
    const nowMs = this.now().getTime();
    const events =
      eventsDueAt !== undefined && eventsDueAt <= nowMs
        ? await objects.events.of(record.namespace, 'Pod', podName)
        : [];
    const derived = this.derive(record, {
      clusterReachable: true,
      pod,
      events,
      ownerEvents:
        !pod && run && record.desiredState === 'Running'
          ? await this.ownerEventsSince(record, objects, run.startedAt)
          : [],
      startingForMs: run
        ? this.now().getTime() - run.startedAt.getTime()
        : undefined,
    });
    const now = this.now();
    const recorded = await store.setStatus(record, derived, now, {
      openRun: run,
      pod: { name: podName, nodeName: pod?.spec?.nodeName },
      lease: derived.status === 'Failed' ? undefined : lease,
    });
    if (recorded) {
      if (derived.status === 'Failed') {
        // the pod goes with the failed run, and its logs with it
        const crashLog = pod && (await this.captureCrashLog(record, pod));
        await store.endRun(
          record.id,
          now,
          `Failed: ${derived.message}`,
          crashLog || undefined,
        );
        await this.releaseFailedRun(record, objects);
      }
    }
    return {
      status: derived.status,
      statusReason: derived.reason,
      statusMessage: derived.message,
      lookAgain: lookAgainAt(objects, record, eventsDueAt, nowMs),
    };
  }

  private async captureCrashLog(
    record: WorkspaceRecord,
    pod: V1Pod,
  ): Promise<WorkspaceCrashLog | undefined> {
    try {
      return await this.options.crashLogs?.captureCrashLog(record, pod);
    } catch (error) {
      this.options.logger.debug(
        `Workspace ${record.name} in ${record.namespace}: its crash log could not be read: ${error}`,
      );
      return undefined;
    }
  }

  /**
   * The events of the workspace's StatefulSet since its run started, e.g.
   * FailedCreate when a ResourceQuota refuses its pod (events of earlier
   * runs are older; the API server's times have whole seconds). With the
   * workload `Pod`, the backend's own refused create, in the same form.
   */
  private async ownerEventsSince(
    record: WorkspaceRecord,
    objects: WorkspaceObjects,
    since: Date,
  ): Promise<CoreV1Event[]> {
    if (this.podWorkload) {
      const refused = this.podRefusals.get(record.id);
      return refused ? [refused] : [];
    }
    const events = await objects.events.of(
      record.namespace,
      'StatefulSet',
      workspaceStatefulSetName(record.name),
    );
    return events.filter(event => {
      const time = event.lastTimestamp ?? event.eventTime;
      return !time || new Date(time).getTime() >= since.getTime() - 1_000;
    });
  }

  /**
   * A failed run is over (until the user starts the workspace again): its
   * status stays Failed with the reason, whatever the cluster does next.
   */
  private runFailed(record: WorkspaceRecord): boolean {
    return record.desiredState === 'Running' && record.status === 'Failed';
  }

  /**
   * A building block of the workspace is gone from the config, so its
   * manifests can't be built. A pod that runs keeps running as it was
   * applied (nothing is re-applied); otherwise the workload goes (its
   * volume claims belong to no owner and stay) and the status says what is
   * gone and to edit the workspace. Never a failure to apply.
   */
  private async holdUnavailable(
    record: WorkspaceRecord,
    objects: WorkspaceObjects,
    unavailable: UnavailableBlock,
    run: OpenRun | undefined,
    options: { apply: boolean },
  ): Promise<void> {
    const pod = await objects.readPod(record.namespace, this.podName(record));
    if (record.desiredState === 'Running' && pod && !this.runFailed(record)) {
      await this.observe(record, objects, run);
      return;
    }
    if (options.apply) {
      await this.removeWorkload(record, objects, 'a building block is gone');
    }
    const status = unavailableBlockStatus(record, unavailable, Boolean(pod));
    const now = this.now();
    if (
      (await this.options.store.setStatus(record, status, now)) &&
      status.status === 'Failed'
    ) {
      await this.options.store.endRun(
        record.id,
        now,
        `Failed: ${status.message}`,
      );
    }
  }

  /** The backend creates and deletes the pod itself (see ManifestOptions). */
  private get podWorkload(): boolean {
    return this.options.manifestOptions.workload === 'Pod';
  }

  /**
   * With the workload `Pod`, a workspace that should run has no pod (an
   * earlier one went, or someone deleted it): a status pass becomes a full
   * one, which creates it, as a StatefulSet controller would.
   */
  private async lacksPod(
    record: WorkspaceRecord,
    objects: WorkspaceObjects,
  ): Promise<boolean> {
    return (
      this.podWorkload &&
      record.desiredState === 'Running' &&
      !(await objects.readPod(record.namespace, this.podName(record)))
    );
  }

  /** Keeps the quota's refusal of the pod for the status passes until a create succeeds. */
  private notePodRefusal(record: WorkspaceRecord, message?: string): void {
    if (message) {
      this.podRefusals.set(record.id, {
        reason: 'FailedCreate',
        message,
        lastTimestamp: this.now(),
        metadata: {},
        involvedObject: {},
      });
    } else {
      this.podRefusals.delete(record.id);
    }
  }

  /**
   * The workspace is stopped, and so keeps only its volume claims (and with
   * the workload `Pod` its NetworkPolicy).
   */
  private keepsOnlyVolumes(record: WorkspaceRecord): boolean {
    return (
      record.desiredState === 'Stopped' && !this.options.keepWorkloadWhenStopped
    );
  }

  /**
   * Applies the volume claims of a stopped workspace (those dormancy left),
   * and with the workload `Pod` its NetworkPolicy (it has no owner), and
   * removes its workload; returns how long what it keeps is trusted.
   */
  private async applyStopped(
    record: WorkspaceRecord,
    objects: WorkspaceObjects,
    volumesDeleted: boolean,
  ): Promise<Trust> {
    const { volumeClaims, networkPolicy } = this.manifests(record);
    const claims = volumesDeleted
      ? volumeClaims.filter(isRetainedClaim)
      : volumeClaims;
    const trust = await objects.applyEach(
      this.podWorkload ? [...claims, networkPolicy] : claims,
    );
    await this.removeWorkload(record, objects, 'it is stopped');
    return trust;
  }

  /**
   * Removes the StatefulSet, and with it (by the garbage collector) what it
   * owns: Secret, NetworkPolicy, Service, ingresses. Volume claims belong to
   * no owner and stay. The pod goes at once, deleted right after its
   * StatefulSet: the garbage collector deletes at its client's rate (20 a
   * second by default, three objects per workspace), so 200 stops at once
   * would hold their pods, and GPUs, for 30 s (docs/benchmarks.md). With
   * the workload `Pod`, the pod is the owner, and deleting it is the stop.
   */
  private async removeWorkload(
    record: WorkspaceRecord,
    objects: WorkspaceObjects,
    why: string,
  ): Promise<void> {
    const isOurs = (object: KubernetesObject) =>
      object.metadata?.labels?.[WORKSPACE_ID_LABEL] === record.id;
    // by the pass that finds it not yet going (nor deleted by this replica
    // while the watch cache shows it as it was), so no two passes both do
    const removePod = async () => {
      const podName = this.podName(record);
      const pod = await objects.readPod(record.namespace, podName);
      if (pod && isOurs(pod) && !objects.isGoing(pod)) {
        await objects.delete(
          {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: podName, namespace: record.namespace },
          },
          { uid: pod.metadata?.uid },
        );
      }
    };
    // with the workload `Pod`, the pod goes first: the stop frees its GPUs
    // before anything is read
    if (this.podWorkload) {
      await removePod();
    }
    const statefulSet: KubernetesObject = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: {
        name: workspaceStatefulSetName(record.name),
        namespace: record.namespace,
      },
    };
    // with the workload `Pod`, one left from before the workload changed,
    // looked for once per drift-check interval (a stop is then one request)
    const workload = this.podWorkload
      ? await objects.readUnlessAbsent(statefulSet)
      : await objects.read(statefulSet);
    // none, or another workspace's of that name, or one being removed
    // already (the garbage collector sees to the rest)
    if (workload && isOurs(workload) && !objects.isGoing(workload)) {
      await objects.delete(workload);
      this.options.logger.debug(
        `Workspace ${record.name} in ${record.namespace}: ${why}, its StatefulSet is removed (volume claims kept)`,
      );
      // with its StatefulSet gone, its controller won't make the pod
      // again; by the pass that removed the StatefulSet only
      if (!this.podWorkload) {
        await removePod();
      }
    }
  }

  /** A failed run gives its pod (and GPUs) back; volumes and config stay. */
  private async releaseFailedRun(
    record: WorkspaceRecord,
    objects: WorkspaceObjects,
  ): Promise<void> {
    const stopped: WorkspaceRecord = { ...record, desiredState: 'Stopped' };
    if (
      this.keepsOnlyVolumes(stopped) ||
      findUnavailableBlock(
        record,
        this.options.buildingBlocks.forProject(record.projectRef),
      )
    ) {
      await this.removeWorkload(record, objects, 'its run failed');
      return;
    }
    await objects.applyAll(
      ownerUid => this.manifests(stopped, undefined, ownerUid),
      {
        keepRunningPod: false,
      },
    );
  }

  private derive(
    record: WorkspaceRecord,
    seen: {
      clusterReachable: boolean;
      pod?: any;
      events?: any[];
      ownerEvents?: CoreV1Event[];
      startingForMs?: number;
      objectsRemaining?: boolean;
    },
  ) {
    const derived = deriveWorkspaceStatus({
      desiredState: record.desiredState,
      pod: seen.pod,
      events: seen.events ?? [],
      ownerEvents: seen.ownerEvents,
      clusterReachable: seen.clusterReachable,
      objectsRemaining: seen.objectsRemaining ?? true,
      previousStatus: record.status,
      startingForMs: seen.startingForMs,
      startTimeoutMs: this.options.startTimeoutMs,
    });
    // an automatic stop keeps saying why the workspace stops, while its pod
    // terminates too: a Stopping status in between would lose the reason
    // as does a stopped workspace whose volumes dormancy deleted
    if (
      derived.status === 'Stopped' &&
      record.statusReason === DORMANCY_VOLUMES_DELETED
    ) {
      return {
        ...derived,
        reason: record.statusReason,
        message: record.statusMessage,
      };
    }
    if (
      (derived.status === 'Stopping' || derived.status === 'Stopped') &&
      record.statusReason?.startsWith('AutoStop')
    ) {
      const why = record.statusMessage.replace(KEPT_SUFFIX, '');
      return {
        ...derived,
        reason: record.statusReason,
        message: derived.status === 'Stopped' ? `${why}${KEPT_SUFFIX}` : why,
      };
    }
    return derived;
  }

  /** The workspace's volume claims that a delete would remove, removed. */
  private async deleteVolumes(
    record: WorkspaceRecord,
    objects: WorkspaceObjects,
  ): Promise<void> {
    const claims = (
      await objects.listObjects(record.namespace, record.id)
    ).filter(
      object =>
        object.kind === 'PersistentVolumeClaim' && !isRetainedClaim(object),
    );
    for (const claim of claims) {
      if (!claim.metadata?.deletionTimestamp) {
        await objects.delete(claim);
        this.options.logger.info(
          `Workspace ${record.name} in ${record.namespace}: volume claim ${claim.metadata?.name} deleted (dormancy)`,
        );
      }
    }
  }

  /** Removes the workspace's objects; true once none is left. */
  private async remove(
    record: WorkspaceRecord,
    objects: WorkspaceObjects,
  ): Promise<boolean> {
    const remaining = (
      await objects.listObjects(record.namespace, record.id)
    ).filter(object => !isRetainedClaim(object));
    // deleting the StatefulSet lets the garbage collector remove what it
    // owns; the rest (e.g. left by a crash before owners were set) explicitly
    for (const object of remaining) {
      if (!object.metadata?.deletionTimestamp) {
        await objects.delete(object);
      }
    }
    if (remaining.length === 0) {
      this.podRefusals.delete(record.id);
      await this.options.store.markDeleted(record, this.now());
      this.options.logger.info(
        `Workspace ${record.name} in ${record.namespace} deleted`,
      );
      return true;
    }
    await this.options.store.setStatus(
      record,
      this.derive(record, { clusterReachable: true, objectsRemaining: true }),
      this.now(),
    );
    return false;
  }

  private async recordFailure(
    record: WorkspaceRecord,
    error: unknown,
  ): Promise<void> {
    const message = describeApiError(error);
    if (error instanceof ApiException && error.code === 429) {
      // back-pressure, retried after Retry-After already and counted: the
      // status stays the last one seen, and the sweep comes back
      this.options.logger.debug(
        `Workspace ${record.name} in ${record.namespace}: the API server is busy (429), trying again at the next pass`,
      );
      return;
    }
    const missing =
      error instanceof ApiException
        ? describeMissingRight(error.code, message)
        : undefined;
    if (missing) {
      const status = missingRightStatus(
        record.desiredState,
        record.status,
        missing,
      );
      if (await this.options.store.setStatus(record, status, this.now())) {
        this.options.logger.warn(
          `Workspace ${record.name} in ${record.namespace}: ${status.message}`,
        );
      }
      return;
    }
    if (isTransient(error)) {
      this.options.logger.debug(
        `Workspace ${record.name} in ${record.namespace}, trying again: ${message}`,
      );
      const answered = error instanceof ApiException;
      await this.options.store.setStatus(
        record,
        answered
          ? {
              status: 'Unknown',
              reason: 'ClusterError',
              message: `The cluster answered ${error.code} (${message}); trying again`,
            }
          : this.derive(record, { clusterReachable: false }),
        this.now(),
      );
      return;
    }
    this.options.logger.warn(
      `Workspace ${record.name} in ${record.namespace}: ${message}`,
    );
    await this.options.store.setStatus(
      record,
      {
        status: record.desiredState === 'Deleted' ? 'Deleting' : 'Failed',
        reason: 'ApplyFailed',
        message: `The cluster refused the workspace's objects: ${message}`,
      },
      this.now(),
    );
  }

  private manifests(
    record: WorkspaceRecord,
    runId?: string,
    ownerUid?: string,
  ): WorkspaceManifests {
    const blocks = this.options.buildingBlocks.forProject(record.projectRef);
    const environment = blocks.environments.find(
      e => e.id === record.environmentId,
    );
    const computePreset = blocks.computePresets.find(
      p => p.id === record.computePresetId,
    );
    if (!environment || !computePreset) {
      throw new Error(
        `the environment ${record.environmentId} or compute preset ${record.computePresetId} is no longer available to ${record.projectRef}`,
      );
    }
    const dataSources = record.dataSources.map(choice => {
      const source = blocks.dataSources.find(s => s.id === choice.id);
      if (!source) {
        throw new Error(
          `the data source ${choice.id} is no longer available to ${record.projectRef}`,
        );
      }
      return { source, size: choice.size, credential: choice.credential };
    });
    const plain: Record<string, string> = {};
    const secret: Record<string, string> = {};
    for (const variable of record.envVars) {
      if (variable.secret) {
        secret[variable.name] = this.options.cipher.decrypt(
          variable.encryptedValue!,
        );
      } else {
        plain[variable.name] = variable.value!;
      }
    }
    return buildWorkspaceManifests({
      workspace: record,
      runId,
      environment,
      computePreset,
      dataSources,
      env: { plain, secret },
      options: this.options.manifestOptions,
      credentials: this.options.buildingBlocks.credentialsFor(
        record.projectRef,
      ),
      ownerUid,
    });
  }
}
