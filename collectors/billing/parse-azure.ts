import type { ChargeCategory, CostLine } from "@/lib/costs/schemas";
import { addDays, monthOf } from "@/lib/time";
import {
  addExtras,
  BillingFileError,
  fieldRow,
  type FieldRow,
  resolveColumns,
  decimal,
  requiredDecimal,
  tagsOf,
  text,
  timestamp,
} from "./cells";
import { multiplyDecimal } from "@/lib/decimal";
import { currency } from "./parse-focus";
import type { RowMapper } from "./parse-billing-file";

// Azure Cost Management exports (ActualCost and AmortizedCost datasets; EA and MCA column names
// differ in case and a few names, so columns are found case-insensitively among alternatives).
// One row is one meter for one day.

const FIELDS = {
  date: ["date", "usagedatetime"],
  cost: ["costinbillingcurrency", "cost", "pretaxcost"],
  currency: ["billingcurrencycode", "billingcurrency", "currency"],
  account: ["billingaccountid", "billingaccountname"],
  accountName: ["billingaccountname"],
  subscription: ["subscriptionid", "subscriptionguid"],
  subscriptionName: ["subscriptionname"],
  periodStart: ["billingperiodstartdate"],
  periodEnd: ["billingperiodenddate"],
  chargeType: ["chargetype"],
  pricingModel: ["pricingmodel"],
  service: ["metercategory", "consumedservice", "servicename"],
  serviceFamily: ["servicefamily"],
  region: ["resourcelocation", "resourcelocationnormalized", "location"],
  resourceId: ["resourceid", "instanceid", "instancename"],
  resourceName: ["resourcename"],
  resourceType: ["resourcetype"],
  quantity: ["quantity", "usagequantity"],
  unit: ["unitofmeasure"],
  payGPrice: ["paygprice"],
  meterId: ["meterid"],
  product: ["productname", "product"],
  invoiceId: ["invoiceid"],
  benefitId: ["benefitid", "reservationid"],
  benefitName: ["benefitname", "reservationname"],
  tags: ["tags"],
  description: ["chargedescription", "metername"],
} as const;

type Field = keyof typeof FIELDS;

const CATEGORY: Record<string, ChargeCategory> = {
  usage: "Usage",
  purchase: "Purchase",
  refund: "Credit",
  tax: "Tax",
  roundingadjustment: "Adjustment",
  unusedreservation: "Usage",
  unusedsavingsplan: "Usage",
};

export type AzureDataset = "actual" | "amortized";

/**
 * Actual cost is what is billed: billed and effective cost are both the row's cost. Amortized cost
 * spreads commitment purchases over the usage they cover: effective cost is the row's cost, and
 * billed cost is 0 for commitment-covered and unused-commitment rows (the purchase was billed).
 */
export function azureMapper(dataset: AzureDataset): RowMapper {
  return (header, file) => {
    const column = resolveColumns(header, FIELDS, (name) => name.toLowerCase());
    for (const field of ["date", "cost", "account"] as const) {
      if (column[field].i < 0)
        throw new BillingFileError(
          `the Azure column ${FIELDS[field].join(" (or ")}) is missing from the header`,
          file,
          1,
          FIELDS[field][0],
        );
    }
    return (values: string[], line: number): CostLine => azureLine(fieldRow(column, values, { file, line }), dataset);
  };
}

type Row = FieldRow<Field>;

/** How the row's charge type and pricing model classify it. */
function chargeOf(v: Row["v"], dataset: AzureDataset, cost: string) {
  const chargeType = (text(v("chargeType")) ?? "Usage").toLowerCase().replace(/\s+/g, "");
  const pricingModel = (text(v("pricingModel")) ?? "").toLowerCase().replace(/[\s-]+/g, "");
  const committed = pricingModel === "reservation" || pricingModel === "savingsplan";
  const unusedCommitment = chargeType === "unusedreservation" || chargeType === "unusedsavingsplan";
  const billed = dataset === "amortized" && chargeType !== "purchase" && (committed || unusedCommitment) ? "0" : cost;
  const savingsPlan = pricingModel === "savingsplan" || chargeType === "unusedsavingsplan";
  return { chargeType, unusedCommitment, billed, savingsPlan };
}

function extrasOf(v: Row["v"], dataset: AzureDataset): Record<string, unknown> {
  return addExtras({ x_ChargeType: text(v("chargeType")) ?? "Usage", x_Dataset: dataset }, v, [
    ["pricingModel", "x_PricingModel"],
    ["meterId", "x_MeterId"],
    ["product", "x_ProductName"],
    ["serviceFamily", "x_ServiceFamily"],
  ]);
}

/** The billing period: the file's when it has one, else the calendar month of the day. */
function periodOf({ v, cell, column }: Row, day: string): { start: string; end: string } {
  const month = monthOf(day);
  return {
    start:
      column.periodStart.i >= 0 && text(v("periodStart"))
        ? timestamp(v("periodStart"), cell, column.periodStart.name, true)
        : month.start,
    end:
      column.periodEnd.i >= 0 && text(v("periodEnd"))
        ? // Azure's BillingPeriodEndDate is the last day, inclusive; FOCUS ends are exclusive.
          `${addDays(timestamp(v("periodEnd"), cell, column.periodEnd.name, true).slice(0, 10), 1)}T00:00:00.000Z`
        : month.end,
  };
}

function azureLine(row: Row, dataset: AzureDataset): CostLine {
  const { v, cell, column } = row;
  const cost = requiredDecimal(v("cost"), cell, column.cost.name);
  const day = timestamp(v("date"), cell, column.date.name, true);
  const { chargeType, unusedCommitment, billed, savingsPlan } = chargeOf(v, dataset, cost);
  const quantity = decimal(v("quantity"), cell, column.quantity.name);
  const payG = decimal(v("payGPrice"), cell, column.payGPrice.name);
  const benefit = text(v("benefitId"));
  const extras = extrasOf(v, dataset);
  const period = periodOf(row, day);
  return {
    providerName: "Microsoft",
    billingAccountId: text(v("account")) ?? "unknown",
    billingAccountName: text(v("accountName")),
    subAccountId: text(v("subscription")),
    subAccountName: text(v("subscriptionName")),
    billingPeriodStart: period.start,
    billingPeriodEnd: period.end,
    chargeCategory: CATEGORY[chargeType] ?? "Usage",
    chargeClass: null,
    chargeDescription: text(v("description")),
    chargePeriodStart: day,
    chargePeriodEnd: `${addDays(day.slice(0, 10), 1)}T00:00:00.000Z`,
    billingCurrency: column.currency.i >= 0 ? currency(v("currency"), cell, column.currency.name) : "USD",
    billedCost: billed,
    effectiveCost: cost,
    listCost: payG !== null && quantity !== null ? multiplyDecimal(payG, quantity) : cost,
    contractedCost: null,
    pricingQuantity: quantity,
    pricingUnit: text(v("unit")),
    consumedQuantity: chargeType === "usage" ? quantity : null,
    consumedUnit: chargeType === "usage" ? text(v("unit")) : null,
    serviceName: text(v("service")) ?? "Unknown",
    serviceCategory: null,
    regionId: text(v("region")),
    resourceId: text(v("resourceId")),
    resourceName: text(v("resourceName")),
    resourceType: text(v("resourceType")),
    skuId: null,
    invoiceId: text(v("invoiceId")),
    commitmentDiscountId: benefit,
    commitmentDiscountName: text(v("benefitName")),
    commitmentDiscountCategory: benefit ? (savingsPlan ? "Spend" : "Usage") : null,
    commitmentDiscountType: benefit ? (savingsPlan ? "Savings Plan" : "Reservation") : null,
    commitmentDiscountStatus: benefit && chargeType !== "purchase" ? (unusedCommitment ? "Unused" : "Used") : null,
    commitmentDiscountQuantity: null,
    commitmentDiscountUnit: null,
    tags: tagsOf(v("tags"), cell, column.tags.name),
    extras,
  };
}
