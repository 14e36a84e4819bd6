import { z } from "zod";

/** Exact decimal money as a string: never a float on its way to PostgreSQL numeric. */
export const Money = z
  .string()
  .regex(/^-?\d{1,20}(\.\d{1,18})?$/, "a decimal number with at most 20 integer and 18 fraction digits");

const UtcTimestamp = z.iso.datetime({ offset: false, error: "an ISO 8601 UTC timestamp ending in Z" });

/** One billing line in FOCUS column terms; collectors map every provider's export to this. */
export const CostLineInput = z.object({
  providerName: z.string().min(1).max(100).describe("FOCUS ProviderName: AWS, Microsoft, Google Cloud, ..."),
  billingAccountId: z.string().min(1).max(200),
  subAccountId: z.string().max(200).nullable().default(null),
  chargeCategory: z.enum(["Usage", "Purchase", "Tax", "Credit", "Adjustment"]),
  chargePeriodStart: UtcTimestamp,
  chargePeriodEnd: UtcTimestamp,
  billingCurrency: z
    .string()
    .regex(/^[A-Z]{3}$/, "an ISO 4217 currency code")
    .default("USD"),
  billedCost: Money,
  effectiveCost: Money,
  listCost: Money,
  serviceName: z.string().min(1).max(200).describe("FOCUS ServiceName: the cloud service billed"),
  serviceCategory: z.string().max(100).nullable().default(null),
  regionId: z.string().max(100).nullable().default(null),
  resourceId: z.string().max(2048).nullable().default(null),
  resourceName: z.string().max(1024).nullable().default(null),
  resourceType: z.string().max(200).nullable().default(null),
  tags: z.record(z.string(), z.string()).default({}).describe("Tags: service, env, feature, team, ..."),
  extras: z.record(z.string(), z.unknown()).default({}).describe("Provider columns, kept as x_ extras"),
});
export type CostLineInput = z.input<typeof CostLineInput>;

export const RecordCostLinesInput = z.object({
  source: z.string().min(1).max(500).describe("What the lines came from; recording it again replaces them"),
  lines: z.array(CostLineInput).max(100_000),
});
export type RecordCostLinesInput = z.input<typeof RecordCostLinesInput>;

export interface RecordCostLinesResult {
  source: string;
  rows: number;
  billedCost: string;
  effectiveCost: string;
}

const IsoDay = z.iso.date({ error: "a date as YYYY-MM-DD" });

export const DayRange = z
  .object({ from: IsoDay, to: IsoDay })
  .refine((range) => range.from < range.to, { message: "from must be before to", path: ["to"] });
export type DayRange = z.infer<typeof DayRange>;
