import { z } from "zod";
import { addDays, monthOf } from "../time";
import { text } from "../validation";
import type { CurrencyTotal } from "./currency-totals";

/** Exact decimal money as a string: never a float on its way to PostgreSQL numeric. */
export const Money = z
  .string()
  .regex(/^-?\d{1,20}(\.\d{1,18})?$/, "a decimal number with at most 20 integer and 18 fraction digits");

/** A decimal as PostgreSQL numeric reads it, exactly: billing exports write exponents (1.2E-05). */
export const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,3})?$/;
const Amount = z.string().regex(DECIMAL, "a decimal number");

const UtcTimestamp = z.iso.datetime({ offset: false, error: "an ISO 8601 UTC timestamp ending in Z" });
const Text = z.string().nullable();

export const ChargeCategory = z.enum(["Usage", "Purchase", "Tax", "Credit", "Adjustment"]);
export type ChargeCategory = z.infer<typeof ChargeCategory>;

/**
 * One billing line in FOCUS column terms: what every billing parser produces from its provider's
 * export and what cost_line stores. Values stay strings: money goes to PostgreSQL numeric as written.
 */
export const CostLine = z.object({
  providerName: z.string().min(1).describe("FOCUS ProviderName: AWS, Microsoft, Google Cloud, ..."),
  billingAccountId: z.string().min(1),
  billingAccountName: Text,
  subAccountId: Text,
  subAccountName: Text,
  billingPeriodStart: UtcTimestamp,
  billingPeriodEnd: UtcTimestamp,
  chargeCategory: ChargeCategory,
  chargeClass: Text,
  chargeDescription: Text,
  chargePeriodStart: UtcTimestamp,
  chargePeriodEnd: UtcTimestamp,
  billingCurrency: z.string().regex(/^[A-Z]{3}$/, "an ISO 4217 currency code"),
  billedCost: Amount,
  effectiveCost: Amount,
  listCost: Amount,
  contractedCost: Amount.nullable(),
  pricingQuantity: Amount.nullable(),
  pricingUnit: Text,
  consumedQuantity: Amount.nullable(),
  consumedUnit: Text,
  serviceName: z.string().min(1).describe("FOCUS ServiceName: the cloud service billed"),
  serviceCategory: Text,
  regionId: Text,
  resourceId: Text,
  resourceName: Text,
  resourceType: Text,
  skuId: Text,
  invoiceId: Text,
  commitmentDiscountId: Text,
  commitmentDiscountName: Text,
  commitmentDiscountCategory: Text,
  commitmentDiscountType: Text,
  commitmentDiscountStatus: Text,
  commitmentDiscountQuantity: Amount.nullable(),
  commitmentDiscountUnit: Text,
  tags: z
    .record(z.string(), z.string())
    .describe('Tags: service, env, feature, team, ... ("true" for a valueless tag)'),
  extras: z.record(z.string(), z.unknown()).describe("x_ columns, FOCUS columns not promoted and provider columns"),
});
export type CostLine = z.infer<typeof CostLine>;

/** The commitment discount columns of a line no commitment discount covers. */
export const NO_COMMITMENT_DISCOUNT = {
  commitmentDiscountId: null,
  commitmentDiscountName: null,
  commitmentDiscountCategory: null,
  commitmentDiscountType: null,
  commitmentDiscountStatus: null,
  commitmentDiscountQuantity: null,
  commitmentDiscountUnit: null,
} as const satisfies Partial<CostLine>;

/** The period, category and currency columns of a one-day usage line in USD, billed in the month `day` is in. */
export function usageDayColumns(day: string) {
  return {
    billingPeriodStart: monthOf(day).start,
    billingPeriodEnd: monthOf(day).end,
    chargeCategory: "Usage",
    chargePeriodStart: `${day}T00:00:00Z`,
    chargePeriodEnd: `${addDays(day, 1)}T00:00:00Z`,
    billingCurrency: "USD",
  } satisfies Partial<CostLine>;
}

export const BILLING_FORMATS = ["focus", "cur2", "cur-legacy", "azure", "gcp"] as const;
export type BillingFormat = (typeof BILLING_FORMATS)[number];

/** What an import records about its file; the lines themselves come as a stream. */
export const ImportBillingInput = z.object({
  format: z.enum(BILLING_FORMATS, { error: `format must be one of ${BILLING_FORMATS.join(", ")}` }),
  fileName: text(500, 1),
  via: z.enum(["upload", "api", "watch", "demo"]),
  dataset: z.enum(["actual", "amortized"]).optional(),
});
export type ImportBillingInput = z.input<typeof ImportBillingInput>;

/** A billing file as the import reads it: its lines, parsed as its bytes stream in. */
export interface BillingFileLines {
  lines: AsyncIterable<CostLine>;
  /** The bytes read so far, and their SHA-256 (the file's, once the lines are done). */
  read(): { bytes: number; sha256: string | null };
}

export interface ImportBillingResult {
  importId: string;
  rows: number;
  /** Per billing currency: amounts in different currencies are never added. */
  totals: CurrencyTotal[];
  /** The file's total when it is in one currency; null when it mixes currencies (see totals). */
  billedCost: string | null;
  effectiveCost: string | null;
  period: { start: string; end: string } | null;
  replacedRows: number;
  allocation: ImportAllocation;
}

/** An import's own allocation, run as soon as it commits. */
export interface ImportAllocation {
  /** The UTC days [from, to) its lines, and the older lines it replaced, were charged on. */
  from: string;
  to: string;
  /** failed: the lines are imported; the worker tries the allocation again (admins see why on the Imports page). */
  status: "allocated" | "failed";
  allocatedAt: string | null;
}

/** A managed resource instance a Terraform state records. */
export interface StateResource {
  address: string;
  module: string | null;
  type: string;
  name: string;
  /** The provider's source address: registry.terraform.io/hashicorp/aws. */
  provider: string;
  /** The provider's id for it (id, else self_link): what most billing exports name it by. */
  cloudId: string | null;
  /** AWS: the ARN, which CUR uses for some resource types instead of the id. */
  arn: string | null;
  tags: Record<string, string>;
  /** The provider's attributes as the state records them: what policy rules read (lib/policy). */
  attributes?: Record<string, unknown>;
}

/** A Terraform state as the inventory keeps it: known by its lineage, ordered by its serial. */
export interface TerraformState {
  lineage: string;
  serial: number;
  terraformVersion: string | null;
  resources: StateResource[];
}
