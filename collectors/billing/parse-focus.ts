import type { ChargeCategory, CostLine } from "@/lib/costs/schemas";
import {
  BillingFileError,
  type Cell,
  decimal,
  isChargeCategory,
  requiredDecimal,
  requiredText,
  tagsOf,
  text,
  timestamp,
} from "./cells";
import type { RowMapper } from "./parse-billing-file";

// FOCUS 1.0, 1.1 and 1.2 CSV (FinOps-Open-Cost-and-Usage-Spec/FOCUS_Spec, specification/columns).
// 1.3 columns (Allocated*, ContractApplied, ServiceProviderName, HostProviderName) and x_ columns
// are kept in extras under their own names, as is any column not promoted to cost_line.

const REQUIRED = [
  "BilledCost",
  "EffectiveCost",
  "ListCost",
  "ChargeCategory",
  "ChargePeriodStart",
  "ChargePeriodEnd",
  "BillingAccountId",
  "BillingCurrency",
  "ServiceName",
  "BillingPeriodStart",
  "BillingPeriodEnd",
];

/** FOCUS columns stored in their own cost_line column (the rest go to extras). */
export const PROMOTED = new Set([
  ...REQUIRED,
  "ProviderName",
  "ServiceProviderName",
  "BillingAccountName",
  "SubAccountId",
  "SubAccountName",
  "ChargeClass",
  "ChargeDescription",
  "ContractedCost",
  "PricingQuantity",
  "PricingUnit",
  "ConsumedQuantity",
  "ConsumedUnit",
  "ServiceCategory",
  "RegionId",
  "ResourceId",
  "ResourceName",
  "ResourceType",
  "SkuId",
  "InvoiceId",
  "CommitmentDiscountId",
  "CommitmentDiscountName",
  "CommitmentDiscountCategory",
  "CommitmentDiscountType",
  "CommitmentDiscountStatus",
  "CommitmentDiscountQuantity",
  "CommitmentDiscountUnit",
  "Tags",
]);

export const focusMapper: RowMapper = (header, file) => {
  const index = new Map(header.map((name, i) => [name.trim(), i]));
  checkHeader(index, file);
  const extraColumns = header.map((name, i) => [name.trim(), i] as const).filter(([name]) => !PROMOTED.has(name));
  const at = (name: string) => index.get(name) ?? -1;
  const c = Object.fromEntries([...PROMOTED].map((name) => [name, at(name)])) as Record<string, number>;

  return (values: string[], line: number): CostLine => {
    const cell: Cell = { file, line };
    const v = (name: string) => (c[name] >= 0 ? values[c[name]] : undefined);
    const chargeCategory = requiredText(v("ChargeCategory"), cell, "ChargeCategory");
    if (!isChargeCategory(chargeCategory)) {
      throw new BillingFileError(
        `"${chargeCategory}" is not a FOCUS ChargeCategory (Usage, Purchase, Tax, Credit, Adjustment)`,
        file,
        line,
        "ChargeCategory",
      );
    }
    const extras: Record<string, unknown> = {};
    for (const [name, i] of extraColumns) {
      const value = text(values[i]);
      if (value !== null) extras[name] = value;
    }
    return focusLine(v, cell, chargeCategory, extras);
  };
};

function checkHeader(index: Map<string, number>, file: string): void {
  for (const name of REQUIRED) {
    if (!index.has(name))
      throw new BillingFileError(`the FOCUS column ${name} is missing from the header`, file, 1, name);
  }
  if (!index.has("ProviderName") && !index.has("ServiceProviderName"))
    throw new BillingFileError(
      "the FOCUS column ProviderName (or ServiceProviderName in 1.3) is missing from the header",
      file,
      1,
      "ProviderName",
    );
}

/** The row's cells, each checked as its column requires, in column order. */
function focusLine(
  v: (name: string) => string | undefined,
  cell: Cell,
  chargeCategory: ChargeCategory,
  extras: Record<string, unknown>,
): CostLine {
  const provider = text(v("ProviderName")) ?? text(v("ServiceProviderName"));
  return {
    providerName: provider ?? requiredText(v("ProviderName"), cell, "ProviderName"),
    billingAccountId: requiredText(v("BillingAccountId"), cell, "BillingAccountId"),
    billingAccountName: text(v("BillingAccountName")),
    subAccountId: text(v("SubAccountId")),
    subAccountName: text(v("SubAccountName")),
    billingPeriodStart: timestamp(v("BillingPeriodStart"), cell, "BillingPeriodStart"),
    billingPeriodEnd: timestamp(v("BillingPeriodEnd"), cell, "BillingPeriodEnd"),
    chargeCategory,
    chargeClass: text(v("ChargeClass")),
    chargeDescription: text(v("ChargeDescription")),
    chargePeriodStart: timestamp(v("ChargePeriodStart"), cell, "ChargePeriodStart"),
    chargePeriodEnd: timestamp(v("ChargePeriodEnd"), cell, "ChargePeriodEnd"),
    billingCurrency: currency(v("BillingCurrency"), cell, "BillingCurrency"),
    billedCost: requiredDecimal(v("BilledCost"), cell, "BilledCost"),
    effectiveCost: requiredDecimal(v("EffectiveCost"), cell, "EffectiveCost"),
    listCost: requiredDecimal(v("ListCost"), cell, "ListCost"),
    contractedCost: decimal(v("ContractedCost"), cell, "ContractedCost"),
    pricingQuantity: decimal(v("PricingQuantity"), cell, "PricingQuantity"),
    pricingUnit: text(v("PricingUnit")),
    consumedQuantity: decimal(v("ConsumedQuantity"), cell, "ConsumedQuantity"),
    consumedUnit: text(v("ConsumedUnit")),
    serviceName: requiredText(v("ServiceName"), cell, "ServiceName"),
    serviceCategory: text(v("ServiceCategory")),
    regionId: text(v("RegionId")),
    resourceId: text(v("ResourceId")),
    resourceName: text(v("ResourceName")),
    resourceType: text(v("ResourceType")),
    skuId: text(v("SkuId")),
    invoiceId: text(v("InvoiceId")),
    commitmentDiscountId: text(v("CommitmentDiscountId")),
    commitmentDiscountName: text(v("CommitmentDiscountName")),
    commitmentDiscountCategory: text(v("CommitmentDiscountCategory")),
    commitmentDiscountType: text(v("CommitmentDiscountType")),
    commitmentDiscountStatus: text(v("CommitmentDiscountStatus")),
    commitmentDiscountQuantity: decimal(v("CommitmentDiscountQuantity"), cell, "CommitmentDiscountQuantity"),
    commitmentDiscountUnit: text(v("CommitmentDiscountUnit")),
    tags: tagsOf(v("Tags"), cell, "Tags"),
    extras,
  };
}

const CURRENCY = /^[A-Z]{3}$/;

export function currency(value: string | undefined, at: Cell, column: string): string {
  const code = requiredText(value, at, column).toUpperCase();
  if (!CURRENCY.test(code))
    throw new BillingFileError(`"${code}" is not an ISO 4217 currency code`, at.file, at.line, column);
  return code;
}
