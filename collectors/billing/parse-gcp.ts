import { type ChargeCategory, type CostLine, NO_COMMITMENT_DISCOUNT } from "@/lib/costs/schemas";
import { monthOf } from "@/lib/time";
import { BillingFileError, type Cell, clip, decimal, requiredDecimal, text, timestamp } from "./cells";
import { addDecimal } from "@/lib/decimal";
import { currency } from "./parse-focus";

// Google Cloud billing export rows, as BigQuery exports them (standard or detailed usage cost
// tables), one JSON object per line; or CSV with the nested fields flattened as `service.description`
// (or `service_description`) and `labels`/`credits` as JSON cells.
// Billed and effective cost are the net cost, cost plus credits (credits are negative), which is
// what the invoice adds up; list cost is cost_at_list when the export has it.

/** A row as nested objects; CSV rows are given with flattened names and looked up both ways. */
export type GcpRow = Record<string, unknown>;

const CATEGORY: Record<string, ChargeCategory> = {
  regular: "Usage",
  tax: "Tax",
  adjustment: "Adjustment",
  rounding_error: "Adjustment",
};

function lookup(row: GcpRow, path: string): unknown {
  if (path in row) return row[path];
  const flat = path.replaceAll(".", "_");
  if (flat in row) return row[flat];
  let value: unknown = row;
  for (const part of path.split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

const asText = (value: unknown): string | null =>
  value === undefined || value === null ? null : text(typeof value === "string" ? value : String(value));

function jsonCell(value: unknown, at: Cell, column: string): unknown {
  if (typeof value !== "string") return value;
  const raw = text(value);
  if (raw === null) return null;
  try {
    return JSON.parse(raw);
  } catch {
    throw new BillingFileError(`"${clip(raw)}" is not JSON`, at.file, at.line, column);
  }
}

function labelsOf(value: unknown, at: Cell, column: string): Record<string, string> {
  const labels = jsonCell(value, at, column);
  if (labels === null || labels === undefined) return {};
  if (Array.isArray(labels)) {
    const tags: Record<string, string> = {};
    for (const label of labels) {
      if (!label || typeof label !== "object" || typeof (label as { key?: unknown }).key !== "string")
        throw new BillingFileError("a label is not {key, value}", at.file, at.line, column);
      tags[(label as { key: string }).key] = String((label as { value?: unknown }).value ?? "true");
    }
    return tags;
  }
  if (typeof labels === "object")
    return Object.fromEntries(Object.entries(labels as object).map(([k, v]) => [k, String(v ?? "true")]));
  throw new BillingFileError("labels are neither a list of {key, value} nor an object", at.file, at.line, column);
}

function creditsOf(value: unknown, at: Cell): { total: string; credits: unknown[] } {
  const credits = jsonCell(value, at, "credits");
  if (credits === null || credits === undefined) return { total: "0", credits: [] };
  if (!Array.isArray(credits)) throw new BillingFileError("credits are not a list", at.file, at.line, "credits");
  let total = "0";
  for (const credit of credits) {
    const amount = decimal(asText((credit as { amount?: unknown })?.amount), at, "credits.amount");
    if (amount !== null) total = addDecimal(total, amount);
  }
  return { total, credits };
}

function extrasOf(get: (path: string) => string | null, costType: string, credits: unknown[]) {
  const extras: Record<string, unknown> = { x_CostType: costType };
  if (credits.length) extras.x_Credits = credits;
  if (get("project.name")) extras.x_ProjectName = get("project.name");
  if (get("sku.description")) extras.x_SkuDescription = get("sku.description");
  return extras;
}

export function gcpRow(row: GcpRow, file: string, line: number): CostLine {
  const cell: Cell = { file, line };
  const get = (path: string) => asText(lookup(row, path));
  const cost = requiredDecimal(get("cost"), cell, "cost");
  const { total: creditTotal, credits } = creditsOf(lookup(row, "credits"), cell);
  const net = addDecimal(cost, creditTotal);
  const start = timestamp(get("usage_start_time"), cell, "usage_start_time");
  const invoiceMonth = get("invoice.month");
  if (invoiceMonth !== null && !/^\d{6}$/.test(invoiceMonth))
    throw new BillingFileError(`"${clip(invoiceMonth)}" is not an invoice month (YYYYMM)`, file, line, "invoice.month");
  const period = monthOf(invoiceMonth ? `${invoiceMonth.slice(0, 4)}-${invoiceMonth.slice(4)}-01T00:00:00Z` : start);
  const costType = get("cost_type") ?? "regular";
  const extras = extrasOf(get, costType, credits);
  const projectId = get("project.id");
  const resource = get("resource.global_name") ?? get("resource.name");
  return {
    providerName: "Google Cloud",
    billingAccountId:
      get("billing_account_id") ??
      (() => {
        throw new BillingFileError("a value is required here and the cell is empty", file, line, "billing_account_id");
      })(),
    billingAccountName: null,
    subAccountId: projectId,
    subAccountName: get("project.name"),
    billingPeriodStart: period.start,
    billingPeriodEnd: period.end,
    chargeCategory: CATEGORY[costType] ?? "Usage",
    chargeClass: null,
    chargeDescription: get("sku.description"),
    chargePeriodStart: start,
    chargePeriodEnd: timestamp(get("usage_end_time"), cell, "usage_end_time"),
    billingCurrency: currency(get("currency") ?? "USD", cell, "currency"),
    billedCost: net,
    effectiveCost: net,
    listCost: decimal(get("cost_at_list"), cell, "cost_at_list") ?? cost,
    contractedCost: null,
    pricingQuantity: decimal(get("usage.amount_in_pricing_units"), cell, "usage.amount_in_pricing_units"),
    pricingUnit: get("usage.pricing_unit"),
    consumedQuantity: decimal(get("usage.amount"), cell, "usage.amount"),
    consumedUnit: get("usage.unit"),
    serviceName: get("service.description") ?? get("service.id") ?? "Unknown",
    serviceCategory: null,
    regionId: get("location.region") ?? get("location.location"),
    resourceId: resource,
    resourceName: get("resource.name"),
    resourceType: null,
    skuId: get("sku.id"),
    invoiceId: null,
    ...NO_COMMITMENT_DISCOUNT,
    tags: labelsOf(lookup(row, "labels"), cell, "labels"),
    extras,
  };
}
