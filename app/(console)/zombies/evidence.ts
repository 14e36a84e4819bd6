// A finding's evidence as stored ({ items, window, notes, confidenceReason }), read defensively: it
// is jsonb a rule wrote, so anything missing or of another shape is left out rather than thrown.

export interface EvidenceDay {
  day: string;
  value: number | null;
}

export interface EvidenceItem {
  name: string;
  value: number | string | boolean | null;
  unit?: string;
  op?: string;
  threshold?: number | string;
  window?: { from: string; to: string };
  days?: EvidenceDay[];
  matchedDays?: number;
  requiredDays?: number;
}

export interface Evidence {
  items: EvidenceItem[];
  window: { from: string; to: string } | null;
  notes: string[];
  confidenceReason: string | null;
}

type Loose = Record<string, unknown>;
const isObject = (v: unknown): v is Loose => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === "string" ? v : undefined);
const finite = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

function range(v: unknown): { from: string; to: string } | undefined {
  if (!isObject(v)) return undefined;
  const [from, to] = [str(v.from), str(v.to)];
  return from !== undefined && to !== undefined ? { from, to } : undefined;
}

function day(v: unknown): EvidenceDay | undefined {
  if (!isObject(v) || typeof v.day !== "string") return undefined;
  return { day: v.day, value: finite(v.value) ?? null };
}

function item(v: unknown): EvidenceItem | undefined {
  if (!isObject(v) || typeof v.name !== "string") return undefined;
  const value = ["number", "string", "boolean"].includes(typeof v.value) ? (v.value as EvidenceItem["value"]) : null;
  const days = Array.isArray(v.days) ? v.days.map(day).filter((d) => d !== undefined) : undefined;
  const threshold = finite(v.threshold) ?? str(v.threshold);
  return {
    name: v.name,
    value,
    ...(str(v.unit) !== undefined && { unit: str(v.unit) }),
    ...(str(v.op) !== undefined && { op: str(v.op) }),
    ...(threshold !== undefined && { threshold }),
    ...(range(v.window) && { window: range(v.window) }),
    ...(days?.length && { days }),
    ...(finite(v.matchedDays) !== undefined && { matchedDays: finite(v.matchedDays) }),
    ...(finite(v.requiredDays) !== undefined && { requiredDays: finite(v.requiredDays) }),
  };
}

export function evidenceOf(raw: unknown): Evidence {
  const e = isObject(raw) ? raw : {};
  const list = Array.isArray(raw) ? raw : Array.isArray(e.items) ? e.items : [];
  return {
    items: list.map(item).filter((i) => i !== undefined),
    window: range(e.window) ?? null,
    notes: Array.isArray(e.notes) ? e.notes.filter((n): n is string => typeof n === "string") : [],
    confidenceReason: str(e.confidenceReason) ?? null,
  };
}

const OPS: Record<string, string> = { lt: "<", lte: "≤", gt: ">", gte: "≥", eq: "=" };

const BYTE_STEPS = [
  [1e12, "TB"],
  [1e9, "GB"],
  [1e6, "MB"],
  [1e3, "kB"],
] as const;

/** A number in its unit; bytes in decimal kB, MB and GB as CloudWatch and Trusted Advisor print them ("176 kB/day"). */
export function figure(value: number, unit?: string): string {
  if (unit?.startsWith("bytes")) {
    const [size, prefix] = BYTE_STEPS.find(([step]) => Math.abs(value) >= step) ?? [1, "bytes"];
    return `${Number((value / size).toPrecision(3))} ${prefix}${unit.slice("bytes".length)}`;
  }
  const text = String(Number(value.toPrecision(6)));
  if (!unit) return text;
  return unit === "%" ? `${text}%` : `${text} ${unit}`;
}

const withUnit = (value: EvidenceItem["value"] | number | string, unit?: string) => {
  if (typeof value === "number") return figure(value, unit);
  const text = String(value ?? "no data");
  if (!unit || value === null) return text;
  return unit === "%" ? `${text}%` : `${text} ${unit}`;
};

/** "2.1 % < 10 % on 12 of 14 days": the figure, what it was compared with, and how often it held. */
export function itemText(i: EvidenceItem): string {
  const parts = [withUnit(i.value, i.unit)];
  if (i.op && i.threshold !== undefined) parts.push(`${OPS[i.op] ?? i.op} ${withUnit(i.threshold, i.unit)}`);
  if (i.matchedDays !== undefined && i.requiredDays !== undefined)
    parts.push(`on ${i.matchedDays} days (${i.requiredDays} needed)`);
  return parts.join(" ");
}

/** "cpu.utilization:USD" and the like read as written, but "tag:expires" as "Tag expires". */
export const itemName = (name: string) => name.replace(/^tag:/, "tag ").replace(/-/g, " ");

/** A chart's rows: each day's value (null: no data, drawn as a gap) and the threshold when it is a number. */
export function chartRows(i: EvidenceItem): { day: string; value: number | null; threshold: number | null }[] {
  const threshold = typeof i.threshold === "number" ? i.threshold : null;
  return (i.days ?? []).map((d) => ({ day: d.day, value: d.value, threshold }));
}

/** How many of the item's days had no data: said under its chart, since a gap is easy to miss. */
export const missingDays = (i: EvidenceItem) => (i.days ?? []).filter((d) => d.value === null).length;
