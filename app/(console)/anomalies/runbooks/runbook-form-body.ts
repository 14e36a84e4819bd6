import type { RunbookView } from "@/lib/runbooks/runbook-rows";

// The runbook form's values and the JSON body they become. A secret header already stored shows
// "set" and goes without a value unless someone types a new one: the API then keeps the sealed one.

export interface HeaderRow {
  /** React's key for the row; never sent. */
  key: number;
  name: string;
  value: string;
  secret: boolean;
  /** A secret the server holds: a blank value keeps it. */
  stored: boolean;
}

export interface RunbookFormValues {
  name: string;
  description: string;
  method: "POST" | "PUT";
  url: string;
  headers: HeaderRow[];
  bodyTemplate: string;
  series: string[];
  sloAlerts: boolean;
  services: string;
  environments: string;
  autoRun: boolean;
}

type Scalar = Exclude<keyof RunbookFormValues, "headers">;
/** A form field an API error can name: a value, a header row's part, or the form as a whole. */
export type FormField = Scalar | `headers.${number}.${"name" | "value" | "secret"}` | "headers" | "form";
export type Errors = Partial<Record<FormField, string>>;

export const DEFAULT_TEMPLATE =
  '{\n  "service": "{{service}}",\n  "environment": "{{environment}}",\n  "severity": "{{severity}}",\n  "link": "{{url}}"\n}';

let nextKey = 1;
export const headerRow = (row: Partial<HeaderRow> = {}): HeaderRow => ({
  key: nextKey++,
  name: "",
  value: "",
  secret: false,
  stored: false,
  ...row,
});

/** The form filled from a runbook, or the defaults of a new one. */
export function formValues(runbook?: RunbookView): RunbookFormValues {
  return {
    name: runbook?.name ?? "",
    description: runbook?.description ?? "",
    method: runbook?.method ?? "POST",
    url: runbook?.url ?? "",
    headers: (runbook?.headers ?? []).map((header) =>
      headerRow(header.secret ? { name: header.name, secret: true, stored: true } : header),
    ),
    bodyTemplate: runbook?.bodyTemplate ?? DEFAULT_TEMPLATE,
    series: runbook?.series ?? [],
    sloAlerts: runbook?.sloAlerts ?? false,
    services: (runbook?.services ?? []).join(", "),
    environments: (runbook?.environments ?? []).join(", "),
    autoRun: runbook?.autoRun ?? false,
  };
}

/** "a, b,,c " → ["a", "b", "c"]; commas or line breaks separate names. */
export const nameList = (text: string): string[] =>
  text
    .split(/[,\n]/)
    .map((name) => name.trim())
    .filter(Boolean);

function headerBody(row: HeaderRow): Record<string, unknown> {
  // A stored secret left blank is sent without a value: the server keeps the sealed one.
  if (row.secret && row.stored && row.value === "") return { name: row.name.trim(), secret: true };
  return { name: row.name.trim(), value: row.value, secret: row.secret };
}

/** The body of POST /api/v1/runbooks or PATCH /api/v1/runbooks/{id}. */
export function runbookBody(v: RunbookFormValues): Record<string, unknown> {
  return {
    name: v.name.trim(),
    description: v.description,
    method: v.method,
    url: v.url.trim(),
    headers: v.headers.map(headerBody),
    bodyTemplate: v.bodyTemplate,
    series: v.series,
    sloAlerts: v.sloAlerts,
    services: nameList(v.services),
    environments: nameList(v.environments),
    autoRun: v.autoRun,
  };
}

const SCALARS: readonly Scalar[] = [
  "name",
  "description",
  "method",
  "url",
  "bodyTemplate",
  "series",
  "sloAlerts",
  "services",
  "environments",
  "autoRun",
];

/** The form field an API error names (`headers.2.value`, `services.0`, `url`), or the form as a whole. */
export function fieldOf(apiField: unknown): FormField {
  if (typeof apiField !== "string") return "form";
  const header = /^headers\.(\d{1,3})\.(name|value|secret)$/.exec(apiField);
  if (header) return `headers.${Number(header[1])}.${header[2] as "name" | "value" | "secret"}`;
  if (/^headers(\.\d{1,3})?$/.test(apiField)) return "headers";
  const head = apiField.split(".")[0];
  return (SCALARS as readonly string[]).includes(head) ? (head as Scalar) : "form";
}
