import Link from "next/link";
import { DataTable, num } from "../_components/data-table";
import { GROUP_ORDERS, type GroupOrder, orderGroups, type SavingsGroup } from "./group-order";
import { ruleLabel, savingsText, zombiesHref } from "./zombie-format";
import styles from "./zombies.module.css";

type Filters = Record<string, string | undefined>;
type Dimension = "rule" | "team" | "environment";

const TITLES: Record<Dimension, string> = { rule: "By rule", team: "By team", environment: "By environment" };

/** Findings and savings by rule, team and environment, in the chosen order; a name filters the list by it. */
export function ZombieGroups({
  summary,
  filters,
  order,
  currency,
}: {
  summary: { byRule: SavingsGroup[]; byTeam: SavingsGroup[]; byEnvironment: SavingsGroup[] };
  filters: Filters;
  order: GroupOrder;
  currency: string;
}) {
  const groups: [Dimension, SavingsGroup[]][] = [
    ["rule", summary.byRule],
    ["team", summary.byTeam],
    ["environment", summary.byEnvironment],
  ];
  return (
    <>
      <p className={styles.sorts} aria-label="Order groups by">
        <span className="muted">Order by</span>
        {Object.entries(GROUP_ORDERS).map(([key, label]) => (
          <Link
            key={key}
            href={zombiesHref(filters, { groups: key === "savings" ? undefined : key })}
            className={key === order ? "sort active" : "sort"}
            aria-current={key === order ? "true" : undefined}
          >
            {key === "savings" ? `${label} (${currency})` : label}
          </Link>
        ))}
      </p>
      <div className={styles.groups}>
        {groups.map(([dimension, list]) => (
          <div key={dimension} data-testid={`zombie-groups-${dimension}`}>
            <h3>{TITLES[dimension]}</h3>
            <DataTable
              columns={[
                dimension === "rule" ? "Rule" : dimension === "team" ? "Team" : "Environment",
                num("Findings"),
                num("Per month"),
              ]}
              items={orderGroups(list, order, currency)}
              empty="No findings."
              row={(group) => <GroupRow key={group.key} dimension={dimension} group={group} filters={filters} />}
            />
          </div>
        ))}
      </div>
    </>
  );
}

function GroupRow({ dimension, group, filters }: { dimension: Dimension; group: SavingsGroup; filters: Filters }) {
  const name = group.key ? (dimension === "rule" ? ruleLabel(group.key) : group.key) : null;
  return (
    <tr>
      <td className={styles.groupKey}>
        {name === null ? (
          <span className="muted">none</span>
        ) : (
          <Link href={zombiesHref(filters, { [dimension]: group.key, cursor: undefined })} title={group.key}>
            {name}
          </Link>
        )}
      </td>
      <td className="num">{group.findings.toLocaleString("en-US")}</td>
      <td className="num">
        {group.savings.map((s) => (
          <div key={s.currency ?? "none"}>{savingsText(s.amount, s.currency)}</div>
        ))}
      </td>
    </tr>
  );
}
