import type { SilenceView } from "./schemas";

export interface SilenceRow {
  id: string;
  match_services: string[];
  match_teams: string[];
  match_severities: SilenceView["matchers"]["severities"];
  match_keys: string[];
  ends_at: Date;
  reason: string;
  created_by: string;
  created_at: Date;
  expired_at: Date | null;
  expired_by: string | null;
}

export function matchersOf(row: SilenceRow): SilenceView["matchers"] {
  return {
    services: row.match_services,
    teams: row.match_teams,
    severities: row.match_severities,
    keys: row.match_keys,
  };
}

export function toSilenceView(row: SilenceRow, now = new Date()): SilenceView {
  return {
    id: row.id,
    matchers: matchersOf(row),
    endsAt: row.ends_at.toISOString(),
    reason: row.reason,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    expiredAt: row.expired_at?.toISOString() ?? null,
    expiredBy: row.expired_by,
    active: row.expired_at === null && row.ends_at > now,
  };
}
