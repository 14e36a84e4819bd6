import type { Checker, Obj } from "./checker";
import { ratioToPercent } from "./define-slo";
import type { FieldPath } from "./findings";

// OpenSLO time windows, objectives and time slices in Vigil's terms. Vigil keeps rolling windows of
// 7, 28 or 30 days and the calendar week or month in UTC; other windows are refused by name.

const ROLLING: Record<string, string> = { "7d": "7d", "1w": "7d", "28d": "28d", "4w": "28d", "30d": "30d" };
const CALENDAR: Record<string, string> = { "1w": "1w", "7d": "1w", "1M": "1M" };
const MINUTES: Record<string, number> = { m: 1, h: 60, d: 1440, w: 10080 };

export function readWindow(c: Checker, spec: Obj, path: FieldPath): string | undefined {
  const window = ((spec.timeWindow as unknown[] | undefined)?.[0] ?? {}) as Obj;
  const at = [...path, "timeWindow", 0];
  const duration = String(window.duration ?? "");
  const rolling = window.isRolling === true;
  const found = (rolling ? ROLLING : CALENDAR)[duration];
  if (!found) {
    c.error(
      [...at, "duration"],
      rolling
        ? "Vigil keeps rolling windows of 7d, 28d or 30d"
        : "Vigil keeps calendar windows of a week (1w) or a month (1M)",
      duration,
    );
    return undefined;
  }
  const zone = (window.calendar as Obj | undefined)?.timeZone;
  if (!rolling && zone !== "UTC" && zone !== "Etc/UTC")
    c.warn([...at, "calendar", "timeZone"], "Vigil keeps calendar windows in UTC; the time zone is not used", zone);
  return found;
}

/** The first objective's target in percent, and its time slice when it has one. */
export function readObjective(c: Checker, spec: Obj, path: FieldPath) {
  const objectives = (spec.objectives as Obj[] | undefined) ?? [];
  const objective = objectives[0];
  if (!objective) {
    c.error([...path, "objectives"], "must have one objective for Vigil to keep");
    return null;
  }
  if (objectives.length > 1)
    c.warn(
      [...path, "objectives"],
      `Vigil keeps one objective per SLO; objectives[1..${objectives.length - 1}] are not used`,
    );
  const at = [...path, "objectives", 0];
  const timeSlice = readTimeSlice(c, objective, at);
  if (timeSlice === undefined) return null;
  const percent = typeof objective.target === "number" ? ratioToPercent(objective.target) : objective.targetPercent;
  return {
    objective,
    percent,
    percentPath: [...at, typeof objective.target === "number" ? "target" : "targetPercent"],
    timeSlice,
    timeSlicePath: [...at, "timeSliceWindow"],
  };
}

function readTimeSlice(c: Checker, objective: Obj, path: FieldPath) {
  if (objective.timeSliceWindow == null) return null;
  const match = /^(\d+)([mhdw])$/.exec(String(objective.timeSliceWindow));
  const minutes = match ? Number(match[1]) * (MINUTES[match[2] ?? ""] ?? 0) : 0;
  if (minutes < 1 || minutes > 60) {
    c.error([...path, "timeSliceWindow"], "Vigil keeps time slices of 1 to 60 minutes", objective.timeSliceWindow);
    return undefined;
  }
  const target = objective.timeSliceTarget;
  return { windowMinutes: minutes, ...(typeof target === "number" ? { targetPercent: ratioToPercent(target) } : {}) };
}
