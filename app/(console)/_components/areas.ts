import type { Permission } from "@/lib/context";

/** Every area of the console, in navigation order. `ready: false` areas say so in their page. */
export interface Area {
  href: string;
  label: string;
  audience: string;
  summary: string;
  ready: boolean;
  /** Who sees it in the navigation; the page itself checks the same permission on the server. */
  access: Permission;
  /** The area it belongs to: shown indented under it in the navigation. */
  parent?: string;
}

export const AREAS: Area[] = [
  {
    href: "/",
    label: "Overview",
    audience: "Executives",
    summary: "Spend, services and delivery at a glance",
    ready: true,
    access: "read",
  },
  {
    href: "/delivery",
    label: "Delivery",
    audience: "Executives",
    summary: "Deployments and incidents: DORA metrics per team and service, and the worst movers",
    ready: true,
    access: "read",
  },
  {
    href: "/services",
    label: "Services & SLOs",
    audience: "SREs",
    summary: "Request rate, errors and latency per service; SLOs and error budgets",
    ready: true,
    access: "read",
  },
  {
    href: "/service-map",
    label: "Service map",
    audience: "SREs",
    summary: "Which service calls which, from traces",
    ready: true,
    access: "read",
    parent: "/services",
  },
  {
    href: "/slos",
    label: "SLOs",
    audience: "SREs",
    summary: "Objectives on services' entry spans: error budgets, burn rates, alerts and the cost of reliability",
    ready: true,
    access: "read",
    parent: "/services",
  },
  {
    href: "/anomalies",
    label: "Anomalies",
    audience: "SREs",
    summary: "Unusual latency, errors and spend, next to what changed (deploys, drift)",
    ready: true,
    access: "read",
  },
  {
    href: "/traces",
    label: "Traces",
    audience: "SREs",
    summary: "Search traces from the OTLP collector and follow a request through every service",
    ready: true,
    access: "read",
  },
  {
    href: "/costs",
    label: "Costs",
    audience: "FinOps",
    summary: "Spend by provider, service, feature, team and environment from billing exports",
    ready: true,
    access: "read",
  },
  {
    href: "/costs/budgets",
    label: "Budgets",
    audience: "FinOps",
    summary: "Monthly budgets per feature or team, and their alerts",
    ready: true,
    access: "read",
    parent: "/costs",
  },
  {
    href: "/costs/inventory",
    label: "Inventory",
    audience: "FinOps",
    summary: "Managed resources from Terraform state, with their cost",
    ready: true,
    access: "read",
    parent: "/costs",
  },
  {
    href: "/costs/imports",
    label: "Imports",
    audience: "FinOps",
    summary: "Every billing file imported, including the ones refused",
    ready: true,
    access: "read",
    parent: "/costs",
  },
  {
    href: "/zombies",
    label: "Zombies",
    audience: "FinOps",
    summary: "Idle resources and the teardown queue FinOps approves",
    ready: true,
    access: "read",
  },
  {
    href: "/compliance",
    label: "Compliance",
    audience: "FinOps and auditors",
    summary: "Policy rules over Terraform states and plans: controls, findings, waivers and the auditor's report",
    ready: true,
    access: "read",
  },
  {
    href: "/drift",
    label: "Drift",
    audience: "SREs",
    summary: "Where live infrastructure no longer matches its Terraform",
    ready: true,
    access: "read",
  },
  {
    href: "/agent",
    label: "Agent suggestions",
    audience: "SREs and FinOps",
    summary: "Explanations and validated Terraform patches proposed by the agent, for people to approve",
    ready: true,
    access: "read",
  },
  {
    href: "/audit",
    label: "Audit trail",
    audience: "Admins and FinOps",
    summary: "Every decision with who, when and why, in a tamper-evident chain",
    ready: true,
    access: "audit:read",
  },
  {
    href: "/access",
    label: "People & keys",
    audience: "Admins",
    summary: "Who may sign in, with which role, and the API keys of collectors",
    ready: true,
    access: "users:manage",
  },
  {
    href: "/settings",
    label: "Settings",
    audience: "Admins",
    summary: "How this Vigil is configured and what its worker runs",
    ready: true,
    access: "settings:read",
  },
];

/** The area a path is in: the one with the longest address the path starts with, as a whole segment. */
export function areaOf(pathname: string): Area | undefined {
  const inside = (href: string) =>
    href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
  return AREAS.filter((area) => inside(area.href)).sort((a, b) => b.href.length - a.href.length)[0];
}

export function areaFor(href: string): Area {
  const area = AREAS.find((candidate) => candidate.href === href);
  if (!area) throw new Error(`No console area at ${href}`);
  return area;
}
