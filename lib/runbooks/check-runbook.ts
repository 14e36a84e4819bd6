import type { Ctx } from "@/lib/context";
import { VigilError } from "@/lib/errors";
import { literalRefusal } from "@/lib/notifications/outbound-guard";
import { isNonProduction } from "./non-production";
import { renderBody, SAMPLE_VARS } from "./render-body";
import { SAMPLE_SLO_VARS } from "./run-slo-alert";
import type { SealedHeader, StoredHeader } from "./runbook-rows";
import type { HeaderInput } from "./schemas";
import { seal } from "./secret-box";

// The rules a runbook is saved under, beyond its schema: what the outbound guard refuses already,
// a template that renders valid JSON for what it answers, and auto-run only by an admin for non-production places.

export interface RunbookFields {
  url: string;
  bodyTemplate: string;
  series: string[];
  sloAlerts: boolean;
  environments: string[];
  autoRun: boolean;
}

const refuse = (field: string, message: string) => new VigilError("bad_request", `${field}: ${message}`, { field });

/** Throws a 400 naming the field for the first rule `runbook` breaks; `autoRunChanged`: set by this save. */
export function checkRunbook(ctx: Ctx, runbook: RunbookFields, autoRunChanged: boolean): void {
  const refused = literalRefusal(runbook.url);
  if (refused) throw refuse("url", refused);
  // Rendered for a sample of each kind of thing it answers: an anomaly, an SLO alert, or both.
  const anomalies = runbook.series.length > 0 || !runbook.sloAlerts;
  for (const sample of [anomalies && SAMPLE_VARS, runbook.sloAlerts && SAMPLE_SLO_VARS]) {
    if (!sample) continue;
    const rendered = renderBody(runbook.bodyTemplate, sample);
    if ("error" in rendered) throw refuse("bodyTemplate", rendered.error);
  }
  if (autoRunChanged && runbook.autoRun && ctx.actor.role !== "admin")
    throw new VigilError("forbidden", "Only an admin may let a runbook run without approval", { field: "autoRun" });
  if (!runbook.autoRun) return;
  if (runbook.environments.length === 0)
    throw refuse("autoRun", "list the non-production environments it may run in without approval");
  const production = runbook.environments.find((name) => !isNonProduction(name));
  if (production !== undefined)
    throw refuse("autoRun", `not allowed for ${production}: only non-production environments (staging, test, dev)`);
}

/**
 * Headers as stored: plain ones as given, secret ones sealed for this runbook. A secret header given
 * without a value keeps the value already stored under its name (case-insensitive).
 */
export function storeHeaders(
  runbookId: string,
  headers: HeaderInput[],
  previous: SealedHeader[] = [],
): { headers: StoredHeader[]; secretHeaders: SealedHeader[] } {
  const plain: StoredHeader[] = [];
  const sealed: SealedHeader[] = [];
  headers.forEach((header, index) => {
    if (!header.secret) {
      if (header.value === undefined) throw refuse(`headers.${index}.value`, "give the header's value");
      plain.push({ name: header.name, value: header.value });
      return;
    }
    if (header.value !== undefined) {
      sealed.push({ name: header.name, box: seal(header.value, runbookId, header.name) });
      return;
    }
    const kept = previous.find((old) => old.name.toLowerCase() === header.name.toLowerCase());
    if (!kept) throw refuse(`headers.${index}.value`, "give the secret's value (none is stored under this name)");
    // Sealed for the name in lower case, so a change of case keeps it valid.
    sealed.push({ name: header.name, box: kept.box });
  });
  return { headers: plain, secretHeaders: sealed };
}
