import type { Notice, Routing, SilenceView } from "./schemas";

// A list left empty matches anything; a non-empty one must hold the notice's value (a notice with
// no service never matches a channel that routes by service).
const matches = (list: readonly string[], value: string | null) =>
  list.length === 0 || (value !== null && list.includes(value));

/** Whether a channel with this routing takes the notice. */
export function routes(routing: Routing, notice: Notice): boolean {
  return (
    matches(routing.services, notice.service) &&
    matches(routing.teams, notice.team) &&
    matches(routing.severities, notice.severity)
  );
}

/** Whether an active silence holds the notice back: every matcher it sets must match. */
export function silences(matchers: SilenceView["matchers"], notice: Notice): boolean {
  return (
    matches(matchers.services, notice.service) &&
    matches(matchers.teams, notice.team) &&
    matches(matchers.severities, notice.severity) &&
    matches(matchers.keys, notice.key)
  );
}
