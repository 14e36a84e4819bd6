import { z } from "zod";
import { HttpUrl } from "@/lib/notifications/schemas";
import { SERIES_NAMES } from "@/lib/anomalies/schemas";
import { blankAsUnset, cursor, oneOf, pageLimit, text } from "@/lib/validation";

// The runbook domain's inputs: a runbook (an outgoing call to the team's own automation), a patch
// of one, the lists' queries, and a run's proposal and rejection.

export const RUN_STATES = ["awaiting_approval", "running", "succeeded", "failed", "rejected"] as const;
export type RunState = (typeof RUN_STATES)[number];

/** Headers Vigil sets itself, or that would change how the request is framed. */
const RESERVED_HEADERS = new Set(["host", "content-length", "content-type", "transfer-encoding", "connection"]);
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export const HeaderInput = z
  .object({
    name: text(100, 1)
      .refine((value) => TOKEN.test(value), "must be an HTTP header name (letters, digits and !#$%&'*+.^_`|~-)")
      .refine((value) => !RESERVED_HEADERS.has(value.toLowerCase()), "is set by Vigil and can not be given")
      .describe("Header name, such as Authorization"),
    value: text(4000)
      .refine((value) => /^[\t\x20-\x7e\x80-\xff]*$/.test(value), "must be printable Latin-1 text without line breaks")
      .optional()
      .describe("Header value; for a secret header already set, leave it out to keep the stored one"),
    secret: z
      .boolean({ error: "must be true or false" })
      .default(false)
      .describe("Stored encrypted and never shown again (shown as 'set')"),
  })
  .strict();
export type HeaderInput = z.output<typeof HeaderInput>;

const names = (max: number, describe: string) =>
  z
    .array(text(200, 1).trim(), { error: "must be a list of names" })
    .max(max, `must hold at most ${max} names`)
    .describe(describe);

const fields = {
  name: text(100, 1).trim().describe("Unique name shown on the anomaly page and in lists"),
  description: text(2000).describe("What the automation does and when to run it"),
  method: oneOf(["POST", "PUT"]).describe("HTTP method of the call"),
  url: HttpUrl.describe("The automation's http(s) URL; checked against the outbound guard when saved and when sent"),
  headers: z
    .array(HeaderInput, { error: "must be a list of headers" })
    .max(20, "must hold at most 20 headers")
    .refine(
      (list) => new Set(list.map((header) => header.name.toLowerCase())).size === list.length,
      "must not name a header twice",
    )
    .describe("Headers sent with the call; secret ones are stored encrypted"),
  bodyTemplate: text(65_536, 1).describe(
    "JSON body as a Mustache template: {{id}}, {{service}}, {{series}}, {{scope}}, {{environment}}, {{severity}}, " +
      "{{direction}}, {{score}}, {{observed}}, {{expected}}, {{status}}, {{start}}, {{peak}}, {{end}}, {{url}}, and " +
      "{{slo}} for an SLO alert (whose score is its highest burn rate); " +
      "values are JSON-escaped, so write them inside quotes; {{{raw}}} and partials are refused",
  ),
  series: z
    .array(oneOf(SERIES_NAMES), { error: "must be a list of series" })
    .max(SERIES_NAMES.length, `must hold at most ${SERIES_NAMES.length} series`)
    .describe("Anomaly series it answers: requests, errors, latency, cost"),
  sloAlerts: z.boolean({ error: "must be true or false" }).describe("Whether it answers SLO alerts too"),
  services: names(100, "Services it applies to; empty: every service"),
  environments: names(20, "Environments it applies to; empty: every environment"),
  autoRun: z
    .boolean({ error: "must be true or false" })
    .describe("Run without approval; only an admin may set it, and only for non-production environments"),
};

export const CreateRunbookInput = z
  .object({
    ...fields,
    description: fields.description.default(""),
    headers: fields.headers.default([]),
    series: fields.series.default([]),
    sloAlerts: fields.sloAlerts.default(false),
    services: fields.services.default([]),
    environments: fields.environments.default([]),
    autoRun: fields.autoRun.default(false),
  })
  .strict()
  .refine((input) => input.series.length > 0 || input.sloAlerts, {
    error: "give at least one anomaly series, or answer SLO alerts",
    path: ["series"],
  });
export type CreateRunbookInput = z.input<typeof CreateRunbookInput>;

export const UpdateRunbookInput = z
  .object(fields)
  .partial()
  .strict()
  .refine((input) => Object.values(input).some((value) => value !== undefined), {
    error: "give at least one field to change",
  });
export type UpdateRunbookInput = z.input<typeof UpdateRunbookInput>;

/** A (name, id) or (time, id) keyset position, opaque to clients. */
export const encodeCursor = (key: string, id: string) => Buffer.from(JSON.stringify([key, id])).toString("base64url");
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
function decodeCursor(value: string): { key: string; id: string } | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
    if (!Array.isArray(parsed) || parsed.length !== 2) return null;
    const [key, id] = parsed as unknown[];
    if (typeof key !== "string" || typeof id !== "string" || !UUID.test(id)) return null;
    return key.length <= 200 && !key.includes("\0") ? { key, id } : null;
  } catch {
    return null;
  }
}

export const ListRunbooksInput = z
  .object({
    limit: z.preprocess(blankAsUnset, pageLimit()),
    cursor: z.preprocess(blankAsUnset, cursor(decodeCursor).optional()),
  })
  .strict();
export type ListRunbooksInput = z.input<typeof ListRunbooksInput>;

const isoKey = (decoded: { key: string; id: string } | null) =>
  decoded && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(decoded.key) ? decoded : null;

export const ListRunsInput = z
  .object({
    anomalyId: z.string().optional().describe("Runs for this anomaly"),
    runbookId: z.string().optional().describe("Runs of this runbook"),
    sloId: z.string().optional().describe("Runs for this SLO's alerts"),
    limit: z.preprocess(blankAsUnset, pageLimit()),
    cursor: z.preprocess(blankAsUnset, cursor((value) => isoKey(decodeCursor(value))).optional()),
  })
  .strict()
  .refine((input) => [input.anomalyId, input.runbookId, input.sloId].filter((id) => id !== undefined).length === 1, {
    error: "give one of an anomaly, a runbook or an SLO",
    path: ["anomalyId"],
  });
export type ListRunsInput = z.input<typeof ListRunsInput>;

// The ids come from the URL path, where one that names nothing is a 404: any text.
const pathId = (describe: string) => z.string({ error: "must be text" }).optional().describe(describe);
const oneSubject = (input: { anomalyId?: string; sloId?: string }) =>
  (input.anomalyId === undefined) !== (input.sloId === undefined);

export const ProposeRunInput = z
  .object({
    runbookId: text(100, 1).describe("The runbook to run"),
    anomalyId: pathId("The anomaly it answers"),
    sloId: pathId("The SLO whose alert it answers"),
    sloAlertId: text(20, 1).optional().describe("The SLO's alert it answers; left out: the SLO's latest alert"),
  })
  .strict()
  .refine(oneSubject, { error: "give either an anomaly or an SLO", path: ["anomalyId"] })
  .refine((input) => input.sloAlertId === undefined || input.sloId !== undefined, {
    error: "an alert is given with its SLO",
    path: ["sloAlertId"],
  });
export type ProposeRunInput = z.input<typeof ProposeRunInput>;

export const DryRunInput = z
  .object({
    anomalyId: text(100, 1).optional().describe("The anomaly to render it for"),
    sloId: text(20, 1).optional().describe("The SLO whose latest alert to render it for"),
  })
  .strict()
  .refine((input) => input.anomalyId === undefined || input.sloId === undefined, {
    error: "give an anomaly or an SLO, not both; neither: a sample",
    path: ["sloId"],
  });
export type DryRunInput = z.input<typeof DryRunInput>;

export const RejectRunInput = z
  .object({ reason: text(2000).optional().describe("Why it should not run, kept with the run") })
  .strict();
export type RejectRunInput = z.input<typeof RejectRunInput>;

/** The exact request a run sends, secret header values redacted. */
export interface RequestView {
  method: "POST" | "PUT";
  url: string;
  headers: { name: string; value: string }[];
  body: string;
}
