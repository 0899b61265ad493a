/**
 * How big the reliability suite runs. The short mode is part of the README's
 * test command and fits CI time on 2 cores; `WORKSPACES_RELIABILITY=full`
 * runs the sizes of issue 11.
 */
export const fullMode = process.env.WORKSPACES_RELIABILITY === 'full';

export const reliabilitySizes = fullMode
  ? {
      mode: 'full',
      crashOperations: 300,
      crashKills: 10,
      crashWorkspaces: 12,
      outageSeconds: 60,
      concurrentCalls: 50,
      replicaOperations: 200,
      replicaWorkspaces: 10,
      fuzzRunsPerRoute: 300,
      retentionCycles: 100,
    }
  : {
      mode: 'short',
      crashOperations: 40,
      crashKills: 3,
      crashWorkspaces: 5,
      outageSeconds: 15,
      concurrentCalls: 50,
      replicaOperations: 40,
      replicaWorkspaces: 4,
      fuzzRunsPerRoute: 40,
      retentionCycles: 8,
    };
