import type { ChargeCategory, CostLine } from "@/lib/costs/schemas";
import { monthOf } from "@/lib/time";
import {
  addExtras,
  BillingFileError,
  fieldRow,
  type FieldRow,
  resolveColumns,
  decimal,
  requiredDecimal,
  requiredText,
  tagsOf,
  text,
  timestamp,
} from "./cells";
import { addDecimal, subtractDecimal } from "@/lib/decimal";
import { currency } from "./parse-focus";
import type { RowMapper } from "./parse-billing-file";

// AWS Cost and Usage Reports, mapped to FOCUS the way AWS's own FOCUS export and the FinOps
// Foundation's focus_converters do: CUR 2.0 (snake_case columns, tags in the resource_tags map)
// and the legacy CUR (`lineItem/UnblendedCost`, one `resourceTags/user:x` column per tag).
// Each field lists its CUR 2.0 name first, then the legacy one.

const FIELDS = {
  lineItemId: ["identity_line_item_id", "identity/LineItemId"],
  payerAccount: ["bill_payer_account_id", "bill/PayerAccountId"],
  payerAccountName: ["bill_payer_account_name", "bill/PayerAccountName"],
  periodStart: ["bill_billing_period_start_date", "bill/BillingPeriodStartDate"],
  periodEnd: ["bill_billing_period_end_date", "bill/BillingPeriodEndDate"],
  invoiceId: ["bill_invoice_id", "bill/InvoiceId"],
  usageAccount: ["line_item_usage_account_id", "lineItem/UsageAccountId"],
  usageAccountName: ["line_item_usage_account_name", "lineItem/UsageAccountName"],
  type: ["line_item_line_item_type", "lineItem/LineItemType"],
  start: ["line_item_usage_start_date", "lineItem/UsageStartDate"],
  end: ["line_item_usage_end_date", "lineItem/UsageEndDate"],
  productCode: ["line_item_product_code", "lineItem/ProductCode"],
  usageType: ["line_item_usage_type", "lineItem/UsageType"],
  operation: ["line_item_operation", "lineItem/Operation"],
  resourceId: ["line_item_resource_id", "lineItem/ResourceId"],
  usageAmount: ["line_item_usage_amount", "lineItem/UsageAmount"],
  currency: ["line_item_currency_code", "lineItem/CurrencyCode"],
  unblended: ["line_item_unblended_cost", "lineItem/UnblendedCost"],
  blended: ["line_item_blended_cost", "lineItem/BlendedCost"],
  description: ["line_item_line_item_description", "lineItem/LineItemDescription"],
  productName: ["product_product_name", "product/ProductName"],
  region: ["product_region_code", "product/regionCode", "product/region"],
  productFamily: ["product_product_family", "product/productFamily"],
  sku: ["product_sku", "product/sku"],
  publicCost: ["pricing_public_on_demand_cost", "pricing/publicOnDemandCost"],
  pricingUnit: ["pricing_unit", "pricing/unit"],
  spEffective: ["savings_plan_savings_plan_effective_cost", "savingsPlan/SavingsPlanEffectiveCost"],
  spCommitted: ["savings_plan_total_commitment_to_date", "savingsPlan/TotalCommitmentToDate"],
  spUsed: ["savings_plan_used_commitment", "savingsPlan/UsedCommitment"],
  spArn: ["savings_plan_savings_plan_a_r_n", "savingsPlan/SavingsPlanARN"],
  riEffective: ["reservation_effective_cost", "reservation/EffectiveCost"],
  riUnusedUpfront: [
    "reservation_unused_amortized_upfront_fee_for_billing_period",
    "reservation/UnusedAmortizedUpfrontFeeForBillingPeriod",
  ],
  riUnusedRecurring: ["reservation_unused_recurring_fee", "reservation/UnusedRecurringFee"],
  riArn: ["reservation_reservation_a_r_n", "reservation/ReservationARN"],
  tagMap: ["resource_tags"],
} as const;

type Field = keyof typeof FIELDS;

const CATEGORY: Record<string, ChargeCategory> = {
  Tax: "Tax",
  Credit: "Credit",
  Refund: "Credit",
  BundledDiscount: "Credit",
  Discount: "Credit",
  EdpDiscount: "Credit",
  PrivateRateDiscount: "Credit",
  SppDiscount: "Credit",
  DistributorDiscount: "Credit",
  Fee: "Purchase",
  RIFee: "Purchase",
  SavingsPlanUpfrontFee: "Purchase",
  SavingsPlanRecurringFee: "Purchase",
};

const TAG_COLUMN = /^(resourceTags\/|resource_tags_)(.+)$/;

export const awsCurMapper: RowMapper = (header, file) => {
  const column = resolveColumns(header, FIELDS);
  // Name a missing column the way the file names the others: legacy `lineItem/...` or CUR 2.0.
  const legacy = header.some((name) => name.includes("/"));
  for (const field of ["type", "start", "end", "unblended", "payerAccount"] as const) {
    const name = FIELDS[field][legacy ? 1 : 0];
    if (column[field].i < 0)
      throw new BillingFileError(`the CUR column ${name} is missing from the header`, file, 1, name);
  }
  const tagColumns = header.flatMap((name, i) => {
    const m = TAG_COLUMN.exec(name.trim());
    return m ? [{ key: m[2], i }] : [];
  });

  return (values: string[], line: number): CostLine => {
    const row = fieldRow(column, values, { file, line });
    const { v, cell } = row;
    const type = requiredText(v("type"), cell, column.type.name);
    const unblended = requiredDecimal(v("unblended"), cell, column.unblended.name);
    const start = timestamp(v("start"), cell, column.start.name);
    const tags = column.tagMap.i >= 0 ? tagsOf(v("tagMap"), cell, column.tagMap.name) : {};
    for (const { key, i } of tagColumns) {
      const value = text(values[i]);
      if (value !== null) tags[key] = value;
    }
    return curLine(row, { type, unblended, start, tags, extras: extrasOf(v, type) });
  };
};

/** Provider columns kept as x_ extras. */
function extrasOf(v: Row["v"], type: string): Record<string, unknown> {
  return addExtras({ x_LineItemType: type }, v, [
    ["lineItemId", "x_LineItemId"],
    ["usageType", "x_UsageType"],
    ["operation", "x_Operation"],
    ["productCode", "x_ProductCode"],
    ["productFamily", "x_ProductFamily"],
    ["blended", "x_BlendedCost"],
  ]);
}

type Row = FieldRow<Field>;

interface Read {
  type: string;
  unblended: string;
  start: string;
  tags: Record<string, string>;
  extras: Record<string, unknown>;
}

/** The line, its cells checked in column order; a period missing from the file is the usage's month. */
function curLine({ v, cell, column }: Row, { type, unblended, start, tags, extras }: Read): CostLine {
  const money = (field: Field) => decimal(v(field), cell, column[field].name);
  const month = monthOf(start);
  const savingsPlan = text(v("spArn"));
  const reservation = text(v("riArn"));
  const commitment = savingsPlan ?? reservation;
  const usage = type === "Usage" || type === "DiscountedUsage" || type === "SavingsPlanCoveredUsage";
  return {
    providerName: "AWS",
    billingAccountId: requiredText(v("payerAccount"), cell, column.payerAccount.name),
    billingAccountName: text(v("payerAccountName")),
    subAccountId: text(v("usageAccount")),
    subAccountName: text(v("usageAccountName")),
    billingPeriodStart:
      column.periodStart.i >= 0 ? timestamp(v("periodStart"), cell, column.periodStart.name) : month.start,
    billingPeriodEnd: column.periodEnd.i >= 0 ? timestamp(v("periodEnd"), cell, column.periodEnd.name) : month.end,
    chargeCategory: CATEGORY[type] ?? "Usage",
    chargeClass: null,
    chargeDescription: text(v("description")),
    chargePeriodStart: start,
    chargePeriodEnd: timestamp(v("end"), cell, column.end.name),
    billingCurrency: column.currency.i >= 0 ? currency(v("currency"), cell, column.currency.name) : "USD",
    billedCost: unblended,
    effectiveCost: amortized(type, unblended, money, reservation),
    listCost: money("publicCost") ?? unblended,
    contractedCost: null,
    pricingQuantity: money("usageAmount"),
    pricingUnit: text(v("pricingUnit")),
    consumedQuantity: usage ? money("usageAmount") : null,
    consumedUnit: text(v("pricingUnit")),
    serviceName: text(v("productName")) ?? requiredText(v("productCode"), cell, column.productCode.name),
    serviceCategory: null,
    regionId: text(v("region")),
    resourceId: text(v("resourceId")),
    resourceName: null,
    resourceType: null,
    skuId: text(v("sku")),
    invoiceId: text(v("invoiceId")),
    commitmentDiscountId: commitment,
    commitmentDiscountName: null,
    commitmentDiscountCategory: savingsPlan ? "Spend" : reservation ? "Usage" : null,
    commitmentDiscountType: savingsPlan ? "Savings Plan" : reservation ? "Reservation" : null,
    commitmentDiscountStatus:
      commitment && (type === "SavingsPlanCoveredUsage" || type === "DiscountedUsage") ? "Used" : null,
    commitmentDiscountQuantity: null,
    commitmentDiscountUnit: null,
    tags,
    extras,
  };
}

/**
 * Amortized cost, as the AWS CUR query library computes it: covered usage at its effective rate,
 * the unused part of a recurring commitment fee, and 0 for the negations and upfront fees that
 * amortization spreads over the usage instead.
 */
function amortized(
  type: string,
  unblended: string,
  money: (field: Field) => string | null,
  reservationArn: string | null,
): string {
  switch (type) {
    case "SavingsPlanCoveredUsage":
      return money("spEffective") ?? unblended;
    case "SavingsPlanRecurringFee":
      return subtractDecimal(money("spCommitted") ?? "0", money("spUsed") ?? "0");
    case "SavingsPlanNegation":
    case "SavingsPlanUpfrontFee":
      return "0";
    case "DiscountedUsage":
      return money("riEffective") ?? unblended;
    case "RIFee":
      return addDecimal(money("riUnusedUpfront") ?? "0", money("riUnusedRecurring") ?? "0");
    case "Fee":
      // An upfront reservation fee is spread over the covered usage.
      return reservationArn ? "0" : unblended;
    default:
      return unblended;
  }
}
