import type { Ctx } from "@/lib/context";
import { listDeployments } from "@/lib/delivery/list-deployments";
import { ListDeploymentsInput, ListIncidentsInput } from "@/lib/delivery/list-schemas";
import { deploymentUnitCosts } from "@/lib/delivery/deployment-unit-costs";
import { incidentSpend } from "@/lib/delivery/incident-spend";
import { listIncidents } from "@/lib/delivery/list-incidents";
import { ENVIRONMENTS, DEPLOYMENT_RESULTS, INCIDENT_STATUSES } from "@/lib/delivery/schemas";
import { firstValue, searchOf, type SearchParams } from "@/lib/http/page-params";
import { Card } from "../_components/card";
import { FilterForm, type FilterSpec, Problem } from "../_components/filter-field";
import { OlderPage } from "../_components/older-page";
import { DeploymentsTable } from "./deployments-table";
import { IncidentsTable } from "./incidents-table";

const PAGE = 20;
const FILTERS = ["service", "environment", "result", "status"] as const;

const anyOf = (values: readonly string[]) =>
  [["", "any"], ...values.map((v) => [v, v.toLowerCase().replace("_", " ")] as const)] as const;

const FIELDS: FilterSpec[] = [
  { name: "service", label: "Service", placeholder: "ledger", maxLength: 200 },
  { name: "environment", label: "Environment", options: anyOf(ENVIRONMENTS) },
  { name: "result", label: "Result", options: anyOf(DEPLOYMENT_RESULTS) },
  { name: "status", label: "Incident status", options: anyOf(INCIDENT_STATUSES) },
];

/** The filters from the address (the service fixed on a service page) and the two pages they select. */
async function readLists(ctx: Ctx, search: SearchParams, service: string | undefined) {
  const values = Object.fromEntries(FILTERS.map((name) => [name, firstValue(search[name]) ?? ""]));
  if (service) values.service = service;
  const common = { service: values.service, limit: String(PAGE) };
  const deployments = searchOf(ListDeploymentsInput, {
    ...common,
    environment: values.environment,
    result: values.result,
    cursor: search.dcursor,
  });
  const incidents = searchOf(ListIncidentsInput, { ...common, status: values.status, cursor: search.icursor });
  const [deploymentPage, incidentPage] = await Promise.all([
    deployments.values && listDeployments(ctx, deployments.values),
    incidents.values && listIncidents(ctx, incidents.values),
  ]);
  const [spend, unitCosts] = await Promise.all([
    incidentSpend(ctx, { incidents: incidentPage?.items ?? [], now: new Date() }),
    deploymentUnitCosts(ctx, deploymentPage?.items ?? []),
  ]);
  return { values, deploymentPage, incidentPage, spend, unitCosts, problem: deployments.problem ?? incidents.problem };
}

/**
 * The Deployments and Incidents lists with their filters and paging, on the Delivery page and (for
 * one service, which then is not a filter) on a service page. `keep` carries the page's own parameters.
 */
export async function DeliveryLists({
  ctx,
  path,
  search,
  keep,
  service,
}: {
  ctx: Ctx;
  path: string;
  search: SearchParams;
  keep: Record<string, string>;
  service?: string;
}) {
  const { values, deploymentPage, incidentPage, spend, unitCosts, problem } = await readLists(ctx, search, service);
  const filters = Object.fromEntries(Object.entries(values).filter(([k, v]) => v && !(service && k === "service")));
  const query = new URLSearchParams({ ...keep, ...filters });
  return (
    <>
      <section className="card" aria-label="Filter deployments and incidents">
        <FilterForm
          label="Filter deployments and incidents"
          fields={service ? FIELDS.slice(1) : FIELDS}
          values={values}
          submitLabel="Filter"
          clearHref={`${path}?${new URLSearchParams(keep)}`}
        >
          {Object.entries(keep).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
        </FilterForm>
        {problem && <Problem testId="invalid-parameter">Invalid parameter: {problem}</Problem>}
      </section>
      <Card
        id="deployments-title"
        title="Deployments"
        note="newest first, every environment unless filtered; unit cost is spend per 1,000 requests in the week before and after"
      >
        {deploymentPage && (
          <DeploymentsTable items={deploymentPage.items} unitCosts={unitCosts} showService={!service} />
        )}
        <OlderPage
          path={path}
          query={query}
          param="dcursor"
          value={deploymentPage?.nextCursor}
          label="Older deployments"
        />
      </Card>
      <Card
        id="incidents-title"
        title="Incidents"
        note="newest first, with the deployment each is counted against; spend while open is pro-rated from daily spend"
      >
        {incidentPage && <IncidentsTable items={incidentPage.items} spend={spend} showService={!service} />}
        <OlderPage path={path} query={query} param="icursor" value={incidentPage?.nextCursor} label="Older incidents" />
      </Card>
    </>
  );
}
