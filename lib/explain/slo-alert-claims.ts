import { claim, clip, type ExplanationClaim, minute, num, percent, plural } from "./claims";

// An SLO alert in a few sentences: which SLO, how fast its error budget was burning against the
// rate the alert allows, how much budget is left now, and the anomalies of the service that
// overlap it (each cited).

export interface SloAlertFacts {
  alert: {
    id: string;
    severity: string;
    firedAt: string;
    resolvedAt: string | null;
    burns: Record<string, number | null>;
    windows: readonly { short: string; long: string; factor: number }[];
  };
  slo: {
    name: string;
    service: string;
    objective: number;
    window: string;
    errorBudgetRemaining: number | null;
    timeToExhaustion: { exhaustedAt: string } | null;
  };
  anomalies: readonly { id: string; series: string; direction: string; start: string; severity: string }[];
}

const SERIES: Record<string, string> = {
  requests: "request rate",
  errors: "error rate",
  latency: "p95 latency",
  cost: "daily cost",
  metric: "a metric",
};

/** The window pair that breached hardest: its short and long burn rates and the factor allowed. */
export function worstWindow(alert: SloAlertFacts["alert"]) {
  const burn = (window: string) => {
    const value = alert.burns[window];
    return typeof value === "number" && Number.isFinite(value) ? value : null;
  };
  return alert.windows
    .map((w) => ({ ...w, shortBurn: burn(w.short), longBurn: burn(w.long) }))
    .sort((a, b) => (b.shortBurn ?? -1) - (a.shortBurn ?? -1))[0];
}

function burnClaim(f: SloAlertFacts, subject: string): ExplanationClaim {
  const worst = worstWindow(f.alert);
  if (!worst) {
    const rates = Object.entries(f.alert.burns)
      .slice(0, 4)
      .map(([window, value]) => `${clip(window, 10)} ${num(value)}×`);
    return claim(
      rates.length
        ? `Its burn rates when it fired: ${rates.join(", ")} the sustainable rate.`
        : "The alert recorded no burn rates.",
      subject,
    );
  }
  const long = worst.longBurn === null ? "" : ` and ${num(worst.longBurn)}× over ${clip(worst.long, 10)}`;
  return claim(
    `The error budget was burning ${num(worst.shortBurn)}× the sustainable rate over ${clip(worst.short, 10)}${long}, where this alert allows ${num(worst.factor)}×.`,
    subject,
  );
}

function budgetClaim(f: SloAlertFacts, subject: string): ExplanationClaim {
  const left = f.slo.errorBudgetRemaining;
  if (left === null) return claim("The SLO has no measured error budget yet (no traffic in its window).", subject);
  const exhausted =
    left <= 0
      ? ": the budget is spent"
      : f.slo.timeToExhaustion
        ? `; at the current burn it runs out at ${minute(f.slo.timeToExhaustion.exhaustedAt)}`
        : "";
  return claim(
    `${percent(left)} of the error budget for the ${clip(f.slo.window, 10)} window is left now${exhausted}.`,
    subject,
  );
}

function anomalyClaim(f: SloAlertFacts, subject: string): ExplanationClaim {
  const service = clip(f.slo.service, 120);
  if (f.anomalies.length === 0) return claim(`No anomaly of ${service} overlaps the alert.`, subject);
  const shown = f.anomalies.slice(0, 4).map((a) => {
    const series = SERIES[a.series] ?? clip(a.series, 40);
    return `${series} ${a.direction === "down" ? "down" : "up"} from ${minute(a.start)} (${clip(a.severity, 20)})`;
  });
  const more = f.anomalies.length > shown.length ? `, and ${f.anomalies.length - shown.length} more` : "";
  return claim(
    `${plural(f.anomalies.length, "anomaly", "anomalies")} of ${service} ${f.anomalies.length === 1 ? "overlaps" : "overlap"} the alert: ${shown.join("; ")}${more}.`,
    subject,
    ...f.anomalies.slice(0, 8).map((a) => `anomaly:${a.id}`),
  );
}

export function sloAlertClaims(f: SloAlertFacts): ExplanationClaim[] {
  const subject = `slo-alert:${f.alert.id}`;
  const state = f.alert.resolvedAt ? `resolved at ${minute(f.alert.resolvedAt)}` : "is still firing";
  return [
    claim(
      `The ${clip(f.alert.severity, 20)} alert of SLO ${clip(f.slo.name, 120)} on ${clip(f.slo.service, 120)} (objective ${percent(f.slo.objective)} over ${clip(f.slo.window, 10)}) fired at ${minute(f.alert.firedAt)} and ${state}.`,
      subject,
    ),
    burnClaim(f, subject),
    budgetClaim(f, subject),
    anomalyClaim(f, subject),
  ];
}
