import Link from "next/link";
import type { summarizeZombies } from "@/lib/zombies/summarize-zombies";
import { STATUSES } from "@/lib/zombies/finding-records";
import { FilterForm } from "../_components/filter-field";
import { ruleLabel, zombiesHref } from "./zombie-format";
import type { ZombieFilters } from "./zombies-params";
import styles from "./zombies.module.css";

const SORTS = { savings: "Savings", "first-seen": "Newest", rule: "Rule" } as const;

type Groups = Awaited<ReturnType<typeof summarizeZombies>>;

/** Rule, status, team, environment and text; the options are what any finding has. */
export function ZombieFilterForm({ filters, known }: { filters: ZombieFilters; known: Groups }) {
  const value = (key: keyof ZombieFilters) => filters[key] ?? "";
  // What any finding has, and the current choice even when no finding has it (a link from elsewhere).
  const options = (key: keyof ZombieFilters, groups: Groups["byRule"], all: string, label = (k: string) => k) => {
    const keys = groups.map((g) => g.key).filter(Boolean);
    if (value(key) && !keys.includes(value(key))) keys.push(value(key));
    return [["", all] as const, ...keys.map((k) => [k, label(k)] as const)];
  };
  return (
    <FilterForm
      label="Filter findings"
      className={styles.filters}
      fields={[
        { name: "rule", label: "Rule", options: options("rule", known.byRule, "All rules", ruleLabel) },
        {
          name: "status",
          label: "Status",
          options: [["", "Open"], ["all", "All"], ...STATUSES.map((s) => [s, s] as const)],
        },
        { name: "team", label: "Team", options: options("team", known.byTeam, "All teams") },
        {
          name: "environment",
          label: "Environment",
          options: options("environment", known.byEnvironment, "All environments"),
        },
        { name: "q", label: "Resource", placeholder: "id, name, address or ARN" },
      ]}
      values={{
        rule: value("rule"),
        status: value("status"),
        team: value("team"),
        environment: value("environment"),
        q: value("q"),
      }}
      submitLabel="Filter"
      clearHref="/zombies"
    >
      {filters.sort && <input type="hidden" name="sort" value={filters.sort} />}
      {filters.groups && <input type="hidden" name="groups" value={filters.groups} />}
    </FilterForm>
  );
}

export function SortLinks({ filters }: { filters: ZombieFilters }) {
  const current = filters.sort ?? "savings";
  return (
    <p className={styles.sorts} aria-label="Sort findings by">
      <span className="muted">Sort by</span>
      {Object.entries(SORTS).map(([key, label]) => (
        <Link
          key={key}
          href={zombiesHref(filters, { sort: key === "savings" ? undefined : key })}
          className={key === current ? "sort active" : "sort"}
          aria-current={key === current ? "true" : undefined}
        >
          {label}
        </Link>
      ))}
    </p>
  );
}
