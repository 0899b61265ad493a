import {
  AggregationTemporality,
  DataPoint,
  IMetricReader,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';

/** The exported points of each metric, by its name. */
export type ExportedMetrics = Map<string, DataPoint<unknown>[]>;

/**
 * A real OpenTelemetry MeterProvider whose reader exports to memory on
 * demand, as a collector would receive the figures; beside `otherReaders`
 * (e.g. a Prometheus exporter).
 */
export function inMemoryMetrics(otherReaders: IMetricReader[] = []) {
  const exporter = new InMemoryMetricExporter(
    AggregationTemporality.CUMULATIVE,
  );
  const reader = new PeriodicExportingMetricReader({
    exporter,
    // exported on demand (forceFlush); the period only has to be long
    exportIntervalMillis: 3_600_000,
  });
  const provider = new MeterProvider({ readers: [reader, ...otherReaders] });
  return {
    provider,
    /** The names of the meters (instrumentation scopes) that exported. */
    async scopes(): Promise<string[]> {
      exporter.reset();
      await reader.forceFlush();
      return exporter
        .getMetrics()
        .flatMap(resource => resource.scopeMetrics)
        .map(scope => scope.scope.name);
    },
    /** Collects and exports now. */
    async exported(): Promise<ExportedMetrics> {
      exporter.reset();
      await reader.forceFlush();
      const points: ExportedMetrics = new Map();
      for (const resource of exporter.getMetrics()) {
        for (const scope of resource.scopeMetrics) {
          for (const metric of scope.metrics) {
            const name = metric.descriptor.name;
            points.set(name, [
              ...(points.get(name) ?? []),
              ...(metric.dataPoints as DataPoint<unknown>[]),
            ]);
          }
        }
      }
      return points;
    },
  };
}

/** The value of `name` at the point whose attributes include `attributes`. */
export function valueAt(
  points: ExportedMetrics,
  name: string,
  attributes: Record<string, unknown>,
): unknown {
  return points
    .get(name)
    ?.find(point =>
      Object.entries(attributes).every(
        ([key, value]) => point.attributes[key] === value,
      ),
    )?.value;
}
