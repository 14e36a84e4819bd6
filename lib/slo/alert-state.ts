import type { AlertWindow, BurnWindow, Severity } from "./slo-windows";

// One SLO's alert of one severity, from one evaluation to the next. The condition is Sloth's: the
// quick pair's short and long windows both burning faster than their factor, or the slow pair's.
// A breach first waits (pending) so one noisy minute does not page anyone; an alert that fired
// resolves only when the condition is gone AND every short window of its severity is back under
// its factor, so a long window cooling down while errors still come does not flap it.

export type AlertState = "inactive" | "pending" | "firing" | "resolved";

/** How long a breach must last before it fires (Pyrra waits 2 minutes on its fastest page). */
export const PENDING_FOR_MS: Record<Severity, number> = { page: 2 * 60_000, ticket: 15 * 60_000 };

export type Burns = Partial<Record<BurnWindow, number | null>>;

export interface Condition {
  breached: boolean;
  /** A short window of this severity still above its factor. */
  shortOver: boolean;
  /** The pairs breached, for the alert's text. */
  pairs: AlertWindow[];
}

const over = (burn: number | null | undefined, factor: number) => burn !== null && burn !== undefined && burn > factor;

export function alertCondition(windows: readonly AlertWindow[], severity: Severity, burns: Burns): Condition {
  const mine = windows.filter((w) => w.severity === severity);
  const pairs = mine.filter((w) => over(burns[w.short], w.factor) && over(burns[w.long], w.factor));
  return { breached: pairs.length > 0, shortOver: mine.some((w) => over(burns[w.short], w.factor)), pairs };
}

export interface AlertStatus {
  state: AlertState;
  /** When the alert entered this state. */
  since: Date;
}

/** The alert's state after an evaluation at `now`; `changed` when a person should hear of it. */
export function nextAlertState(
  previous: AlertStatus,
  condition: Condition,
  severity: Severity,
  now: Date,
): AlertStatus & { changed: boolean } {
  const to = (state: AlertState) => ({ state, since: now, changed: state !== previous.state });
  const stay = { ...previous, changed: false };
  switch (previous.state) {
    case "inactive":
    case "resolved":
      return condition.breached ? to("pending") : stay;
    case "pending":
      if (!condition.breached) return to("inactive");
      return now.getTime() - previous.since.getTime() >= PENDING_FOR_MS[severity] ? to("firing") : stay;
    case "firing":
      return condition.breached || condition.shortOver ? stay : to("resolved");
  }
}
