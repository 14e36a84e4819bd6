import { once } from "node:events";
import { finished } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { field, jsonbSafe, pgText } from "../copy-text";
import { VigilError } from "../errors";
import { type CurrencyTotal, CurrencyTotals } from "./currency-totals";
import type { PeriodKey } from "./period-locks";
import type { CostLine } from "./schemas";
import { addDays, utcDay } from "../time";

// Cost lines streamed into cost_line as PostgreSQL COPY text, in chunks, so memory stays bounded
// whatever the file's size; totals are summed exactly as the lines pass instead of read back.

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

const COPY_COST_LINES_SQL = `COPY cost_line (${COLUMNS.join(", ")}) FROM STDIN`;

/** Tags and extras as jsonb reads them: a lone surrogate (a JSON lines export can hold one) becomes U+FFFD. */
function jsonText(value: unknown): string {
  return jsonbSafe(JSON.stringify(value));
}

/** One cost line as a COPY text line, in COLUMNS order. */
function costLineText(source: string, importId: string, r: CostLine): string {
  const f = field;
  return (
    `${f(source)}\t${importId}\t${f(r.providerName)}\t${f(r.billingAccountId)}\t${f(r.billingAccountName)}\t${f(r.subAccountId)}\t` +
    `${f(r.subAccountName)}\t${r.billingPeriodStart}\t${r.billingPeriodEnd}\t${f(r.chargeCategory)}\t${f(r.chargeClass)}\t` +
    `${f(r.chargeDescription)}\t${r.chargePeriodStart}\t${r.chargePeriodEnd}\t${r.billingCurrency}\t${r.billedCost}\t${r.effectiveCost}\t` +
    `${r.listCost}\t${r.contractedCost ?? "\\N"}\t${r.pricingQuantity ?? "\\N"}\t${f(r.pricingUnit)}\t${r.consumedQuantity ?? "\\N"}\t` +
    `${f(r.consumedUnit)}\t${f(r.serviceName)}\t${f(r.serviceCategory)}\t${f(r.regionId)}\t${f(r.resourceId)}\t${f(r.resourceName)}\t` +
    `${f(r.resourceType)}\t${f(r.skuId)}\t${f(r.invoiceId)}\t${f(r.commitmentDiscountId)}\t${f(r.commitmentDiscountName)}\t` +
    `${f(r.commitmentDiscountCategory)}\t${f(r.commitmentDiscountType)}\t${f(r.commitmentDiscountStatus)}\t` +
    `${r.commitmentDiscountQuantity ?? "\\N"}\t${f(r.commitmentDiscountUnit)}\t${f(jsonText(r.tags))}\t${f(jsonText(r.extras))}\n`
  );
}

const CHUNK_BYTES = 256 * 1024;

/** What the streamed lines added up to. */
export interface CopiedLines {
  rows: number;
  /** The (provider, billing account, billing period) keys the lines cover. */
  keys: PeriodKey[];
  totals: CurrencyTotal[];
  period: { start: string; end: string };
  /** The UTC days the lines were charged on, [from, to): what the allocation redoes. */
  chargeDays: { from: string; to: string };
  providers: string[];
}

/** Streams the lines into cost_line on `client`, inside its open transaction; a file of no lines is refused. */
export async function copyCostLines(
  client: pg.ClientBase,
  importId: string,
  fileName: string,
  lines: AsyncIterable<CostLine>,
): Promise<CopiedLines> {
  const copy = client.query(copyFrom(COPY_COST_LINES_SQL));
  try {
    const copied = await writeLines(copy, `import:${importId}`, importId, lines);
    if (copied.rows === 0)
      throw new VigilError("bad_request", `${fileName}: the file has a header but no cost lines`, {
        file: fileName,
        line: null,
        column: null,
      });
    copy.end(copied.rest);
    await finished(copy);
    return copied.summary.result(copied.rows);
  } catch (err) {
    copy.destroy(err as Error);
    await finished(copy).catch(() => {});
    throw err;
  }
}

async function writeLines(
  copy: NodeJS.WritableStream,
  source: string,
  importId: string,
  lines: AsyncIterable<CostLine>,
): Promise<{ rows: number; rest: string; summary: LinesSummary }> {
  const summary = new LinesSummary();
  let rows = 0;
  let chunk = "";
  for await (const line of lines) {
    chunk += costLineText(source, importId, line);
    rows += 1;
    summary.add(line);
    if (chunk.length >= CHUNK_BYTES) {
      if (!copy.write(chunk)) await once(copy, "drain");
      chunk = "";
    }
  }
  return { rows, rest: chunk, summary };
}

/** The keys, totals, period and providers of the lines, noted as they pass. */
class LinesSummary {
  private readonly keys = new Map<string, PeriodKey>();
  private readonly totals = new CurrencyTotals();
  private readonly providers = new Set<string>();
  private readonly period = { start: "", end: "" };
  private readonly chargeDays = { first: "", last: "" };
  private lastCharge = { start: "", day: "" };

  add(line: CostLine): void {
    const key = `${line.providerName}\u0000${line.billingAccountId}\u0000${line.billingPeriodStart}`;
    if (!this.keys.has(key))
      this.keys.set(key, [pgText(line.providerName), pgText(line.billingAccountId), line.billingPeriodStart]);
    this.totals.add(line.billingCurrency, line.billedCost, line.effectiveCost);
    if (this.period.start === "" || line.billingPeriodStart < this.period.start)
      this.period.start = line.billingPeriodStart;
    if (line.billingPeriodEnd > this.period.end) this.period.end = line.billingPeriodEnd;
    const day = this.dayOf(line.chargePeriodStart);
    if (this.chargeDays.first === "" || day < this.chargeDays.first) this.chargeDays.first = day;
    if (day > this.chargeDays.last) this.chargeDays.last = day;
    this.providers.add(pgText(line.providerName));
  }

  /** The UTC day a charge starts on; lines come in runs of the same start, so the last one is kept. */
  private dayOf(chargeStart: string): string {
    if (chargeStart !== this.lastCharge.start)
      this.lastCharge = { start: chargeStart, day: utcDay(new Date(chargeStart)) };
    return this.lastCharge.day;
  }

  result(rows: number): CopiedLines {
    const { keys, totals, period, providers, chargeDays } = this;
    return {
      rows,
      keys: [...keys.values()],
      totals: totals.list(),
      period,
      chargeDays: { from: chargeDays.first, to: addDays(chargeDays.last, 1) },
      providers: [...providers].sort(),
    };
  }
}
