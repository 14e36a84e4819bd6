import { MetricsRequestType, MetricsResponseType } from "./metrics-decode";
import { createReceiver, type Receiver } from "./receiver";
import { type Json, nowNs, str } from "./test-requests";

// OTLP metrics requests for the receiver's tests, in the OTLP JSON form, sent as JSON or protobuf,
// and the answers read back the same way in either.

export { nowNs, str };

/** A gauge data point at `atNs` with `value`, and attributes if given. */
export const gaugePoint = (value: number, atNs = nowNs(), attributes: Json[] = []): Json => ({
  timeUnixNano: String(atNs),
  asDouble: value,
  attributes,
});

/** One ResourceMetrics holding `metrics`, its resource identified by host.id. */
export function metricsRequest(host: string, metrics: Json[], resource: Json[] = []): Json {
  return {
    resourceMetrics: [
      {
        resource: { attributes: [str("host.id", host), str("service.name", "metrics-test"), ...resource] },
        scopeMetrics: [{ scope: { name: "test" }, metrics }],
      },
    ],
  };
}

export const gauge = (name: string, dataPoints: Json[]): Json => ({ name, unit: "1", gauge: { dataPoints } });

export const cumulativeSum = (name: string, dataPoints: Json[]): Json => ({
  name,
  unit: "By",
  sum: { dataPoints, aggregationTemporality: 2, isMonotonic: true },
});

export interface MetricsAnswer {
  status: number;
  rejected: number;
  message: string;
  retryAfter: string | null;
}

export function metricsProtobuf(json: Json): Buffer {
  return Buffer.from(MetricsRequestType.encode(MetricsRequestType.fromObject(json)).finish());
}

/** POSTs a JSON-form request as JSON or protobuf (or raw bytes); the answer read in its own encoding. */
export async function sendMetrics(
  url: string,
  key: string,
  body: Json | Buffer,
  as: "json" | "protobuf",
): Promise<MetricsAnswer> {
  const bytes = Buffer.isBuffer(body)
    ? body
    : as === "json"
      ? Buffer.from(JSON.stringify(body))
      : metricsProtobuf(body);
  const response = await fetch(url, {
    method: "POST",
    body: bytes as BodyInit,
    headers: {
      authorization: `Bearer ${key}`,
      "content-type": as === "json" ? "application/json" : "application/x-protobuf",
    },
  });
  const raw = Buffer.from(await response.arrayBuffer());
  const retryAfter = response.headers.get("retry-after");
  if (response.status !== 200) return { status: response.status, rejected: 0, message: raw.toString(), retryAfter };
  const answer =
    as === "json"
      ? JSON.parse(raw.toString())
      : MetricsResponseType.toObject(MetricsResponseType.decode(raw), { longs: Number });
  const partial = (answer as { partialSuccess?: { rejectedDataPoints?: string | number; errorMessage?: string } })
    .partialSuccess;
  return {
    status: 200,
    rejected: Number(partial?.rejectedDataPoints ?? 0),
    message: partial?.errorMessage ?? "",
    retryAfter,
  };
}

/** A receiver on a free local port; the test closes it. Its /v1/metrics URL. */
export async function metricsReceiver(
  options: { maxBodyBytes?: number; maxInFlight?: number } = {},
): Promise<{ receiver: Receiver; url: string }> {
  const receiver = createReceiver({
    port: 0,
    host: "127.0.0.1",
    maxBodyBytes: options.maxBodyBytes ?? 16 * 1024 * 1024,
    retentionDays: 15,
    metricsRetentionDays: 35,
    maxInFlight: options.maxInFlight,
  });
  return { receiver, url: `http://127.0.0.1:${await receiver.listen()}/v1/metrics` };
}
