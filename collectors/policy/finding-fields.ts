import { createHash } from "node:crypto";
import type { FindingRecord } from "@/lib/policy/finding-records";

// Shared by the scanner parsers: bounded text, severities in Vigil's five, and a record's defaults.

export const clip = (value: unknown, max: number): string => (typeof value === "string" ? value.slice(0, max) : "");

export const line = (value: unknown): number | null =>
  typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 2_147_483_647 ? value : null;

/** CRITICAL/HIGH/MEDIUM/LOW as the scanners write them; anything else (null, UNKNOWN) is medium. */
export function severityOf(value: unknown, fallback: FindingRecord["severity"] = "medium"): FindingRecord["severity"] {
  const lower = typeof value === "string" ? value.toLowerCase() : "";
  return lower === "critical" || lower === "high" || lower === "medium" || lower === "low" || lower === "info"
    ? lower
    : fallback;
}

export const shortHash = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 12);

export function finding(
  fields: Pick<FindingRecord, "tool" | "ruleId" | "title" | "severity" | "address" | "message"> &
    Partial<FindingRecord>,
): FindingRecord {
  return {
    resourceType: fields.address.split(".").find((part) => /^[a-z0-9]+_[a-z0-9_]+$/.test(part)) ?? "",
    environment: "",
    file: null,
    lineStart: null,
    lineEnd: null,
    remediation: "",
    controls: [],
    evidence: {},
    ...fields,
    ruleId: fields.ruleId.slice(0, 200) || "unnamed",
    title: fields.title.slice(0, 500),
    address: fields.address.slice(0, 4096),
    message: fields.message.slice(0, 4000),
  };
}
