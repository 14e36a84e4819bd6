import { z } from "zod";
import { type CloudwatchDatapoint, type CloudwatchSeries, MAX_PERIOD_SECONDS } from "@/lib/cloud-inventory/schemas";
import { Finite, IsoTime, jsonPath, OptionalText, outputProblem, parseOutput } from "./aws-json";

// `aws cloudwatch get-metric-statistics`: {Label, Datapoints: [{Timestamp, Average|Sum|Minimum|
// Maximum|SampleCount, Unit}]}. The output does not say which namespace, dimension or period it
// was asked for: the caller says (query parameters), and the period is inferred when not given.

const COMMAND = "cloudwatch-get-metric-statistics";
/** A day: what the zombie rules read, and a GetMetricStatistics period over a few weeks. */
export const DEFAULT_PERIOD = 86_400;

const Datapoint = z.object({
  Timestamp: IsoTime,
  Average: Finite.nullish(),
  Sum: Finite.nullish(),
  Minimum: Finite.nullish(),
  Maximum: Finite.nullish(),
  SampleCount: Finite.refine((n) => n >= 0, "below 0").nullish(),
  Unit: OptionalText(64),
});

const Output = z.object({
  Label: OptionalText(255),
  Datapoints: z.array(Datapoint, { error: "must be an array of datapoints" }),
});

export interface SeriesQuery {
  namespace: string;
  metric: string;
  dimensionName: string;
  dimensionValue: string;
  period: number | null;
}

/**
 * The smallest gap between consecutive datapoints when every gap is a whole multiple of it (a
 * series with holes still gives its period); otherwise, with one datapoint or past a month, none.
 */
export function inferPeriod(timestamps: string[]): number | null {
  const times = timestamps.map((t) => Date.parse(t) / 1000).sort((a, b) => a - b);
  const gaps = times.slice(1).map((t, i) => t - times[i]);
  if (gaps.length === 0) return null;
  const smallest = Math.min(...gaps);
  if (!(smallest >= 1 && smallest <= MAX_PERIOD_SECONDS && Number.isInteger(smallest))) return null;
  return gaps.every((gap) => gap % smallest === 0) ? smallest : null;
}

export function parseCloudwatchStatistics(json: unknown, query: SeriesQuery): CloudwatchSeries {
  const output = parseOutput(COMMAND, Output, json);
  if (output.Label && output.Label !== query.metric)
    throw outputProblem(COMMAND, ["Label"], `${output.Label} is not the metric=${query.metric} given`);
  const seen = new Map<string, number>();
  const datapoints = output.Datapoints.map((point, index): CloudwatchDatapoint => {
    const path = ["Datapoints", index];
    const first = seen.get(point.Timestamp);
    if (first !== undefined)
      throw outputProblem(
        COMMAND,
        [...path, "Timestamp"],
        `${point.Timestamp} appears twice (also at ${jsonPath(["Datapoints", first])})`,
      );
    seen.set(point.Timestamp, index);
    const values = [point.Average, point.Sum, point.Minimum, point.Maximum, point.SampleCount];
    if (values.every((value) => value === undefined || value === null))
      throw outputProblem(COMMAND, path, "has no statistic (Average, Sum, Minimum, Maximum or SampleCount)");
    return {
      timestamp: point.Timestamp,
      average: point.Average ?? null,
      sum: point.Sum ?? null,
      minimum: point.Minimum ?? null,
      maximum: point.Maximum ?? null,
      sampleCount: point.SampleCount ?? null,
      unit: point.Unit,
    };
  });
  const inferred = query.period === null ? inferPeriod(datapoints.map((p) => p.timestamp)) : null;
  return {
    namespace: query.namespace,
    metric: query.metric,
    dimensionName: query.dimensionName,
    dimensionValue: query.dimensionValue,
    period: query.period ?? inferred ?? DEFAULT_PERIOD,
    periodSource: query.period !== null ? "query" : inferred !== null ? "inferred" : "default",
    datapoints,
  };
}
