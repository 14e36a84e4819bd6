import type { CostRow } from "@/collectors/billing/cost-row";
import { field, jsonbSafe } from "../copy-text";

// Cost rows as PostgreSQL COPY text lines: what the billing import streams into cost_line.

const COLUMNS = [
  "source",
  "import_id",
  "provider_name",
  "billing_account_id",
  "billing_account_name",
  "sub_account_id",
  "sub_account_name",
  "billing_period_start",
  "billing_period_end",
  "charge_category",
  "charge_class",
  "charge_description",
  "charge_period_start",
  "charge_period_end",
  "billing_currency",
  "billed_cost",
  "effective_cost",
  "list_cost",
  "contracted_cost",
  "pricing_quantity",
  "pricing_unit",
  "consumed_quantity",
  "consumed_unit",
  "service_name",
  "service_category",
  "region_id",
  "resource_id",
  "resource_name",
  "resource_type",
  "sku_id",
  "invoice_id",
  "commitment_discount_id",
  "commitment_discount_name",
  "commitment_discount_category",
  "commitment_discount_type",
  "commitment_discount_status",
  "commitment_discount_quantity",
  "commitment_discount_unit",
  "tags",
  "extras",
];

export const COPY_COST_LINES_SQL = `COPY cost_line (${COLUMNS.join(", ")}) FROM STDIN`;

// JSON.stringify writes a lone surrogate (a JSON lines export can hold one) as a \udXXX escape,
// which jsonb refuses; it becomes U+FFFD, as it does in text columns.
const LONE_SURROGATE = /(\\+)u[dD][89a-fA-F][0-9a-fA-F]{2}/g;

function jsonText(value: unknown): string {
  const json = jsonbSafe(JSON.stringify(value));
  if (!json.includes("\\u")) return json;
  return json.replace(LONE_SURROGATE, (match, slashes: string) =>
    slashes.length % 2 === 1 ? `${slashes.slice(0, -1)}\\ufffd` : match,
  );
}

/** One cost row as a COPY text line, in COLUMNS order. */
export function costLineText(source: string, importId: string | null, r: CostRow): string {
  const f = field;
  return (
    `${f(source)}\t${importId ?? "\\N"}\t${f(r.providerName)}\t${f(r.billingAccountId)}\t${f(r.billingAccountName)}\t${f(r.subAccountId)}\t` +
    `${f(r.subAccountName)}\t${r.billingPeriodStart}\t${r.billingPeriodEnd}\t${f(r.chargeCategory)}\t${f(r.chargeClass)}\t` +
    `${f(r.chargeDescription)}\t${r.chargePeriodStart}\t${r.chargePeriodEnd}\t${r.billingCurrency}\t${r.billedCost}\t${r.effectiveCost}\t` +
    `${r.listCost}\t${r.contractedCost ?? "\\N"}\t${r.pricingQuantity ?? "\\N"}\t${f(r.pricingUnit)}\t${r.consumedQuantity ?? "\\N"}\t` +
    `${f(r.consumedUnit)}\t${f(r.serviceName)}\t${f(r.serviceCategory)}\t${f(r.regionId)}\t${f(r.resourceId)}\t${f(r.resourceName)}\t` +
    `${f(r.resourceType)}\t${f(r.skuId)}\t${f(r.invoiceId)}\t${f(r.commitmentDiscountId)}\t${f(r.commitmentDiscountName)}\t` +
    `${f(r.commitmentDiscountCategory)}\t${f(r.commitmentDiscountType)}\t${f(r.commitmentDiscountStatus)}\t` +
    `${r.commitmentDiscountQuantity ?? "\\N"}\t${f(r.commitmentDiscountUnit)}\t${f(jsonText(r.tags))}\t${f(jsonText(r.extras))}\n`
  );
}
