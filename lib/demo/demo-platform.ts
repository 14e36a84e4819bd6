import type { RegisterFeatureInput } from "../features/schemas";
import type { RegisterServiceInput } from "../services/schemas";

// A small fintech platform: five services across three clouds, each with the resources that make
// up most of its bill. Daily prod amounts are in USD; staging and dev scale them down.

export const DEMO_SERVICES: RegisterServiceInput[] = [
  {
    name: "payments-api",
    team: "payments",
    tier: "critical",
    description: "Card and account-to-account payment initiation",
  },
  { name: "ledger", team: "core-banking", tier: "critical", description: "Double-entry ledger of record" },
  { name: "fraud-scoring", team: "risk", tier: "critical", description: "Real-time transaction fraud scoring" },
  { name: "kyc", team: "onboarding", tier: "standard", description: "Identity verification and sanctions screening" },
  { name: "notifications", team: "platform", tier: "standard", description: "Email, SMS and push delivery" },
];

export const DEMO_FEATURES: RegisterFeatureInput[] = [
  { key: "card-payments", name: "Card payments", team: "payments" },
  { key: "instant-transfers", name: "Instant transfers", team: "payments" },
  { key: "account-onboarding", name: "Account onboarding", team: "onboarding" },
  { key: "fraud-prevention", name: "Fraud prevention", team: "risk" },
  { key: "statements", name: "Monthly statements", team: "core-banking" },
];

export const DEMO_ENVIRONMENTS = [
  { name: "prod", scale: 1 },
  { name: "staging", scale: 0.32 },
  { name: "dev", scale: 0.14 },
] as const;

export interface DemoResource {
  /** null: shared infrastructure nobody tagged, which must surface as unallocated spend. */
  service: string | null;
  /** null with a service: shared by that service's features, split by their share of its requests. */
  feature: string | null;
  provider: "AWS" | "Google Cloud" | "Microsoft";
  account: string;
  cloudService: string;
  category: string;
  type: string;
  region: string;
  name: string;
  dailyUsd: number;
  /** Share of list price saved by a commitment (savings plan, reservation), 0 when none. */
  commitmentDiscount: number;
  /** Other tags its team set, on the bill and in the state. */
  tags?: Record<string, string>;
}

const AWS = { provider: "AWS", account: "412345678901" } as const;
const GCP = { provider: "Google Cloud", account: "01A2B3-C4D5E6-F7G8H9" } as const;
const AZURE = { provider: "Microsoft", account: "8f1c2d3e-ab12-4cd5-9e8f-0a1b2c3d4e5f" } as const;

export const DEMO_RESOURCES: DemoResource[] = [
  {
    ...AWS,
    service: "payments-api",
    feature: null,
    cloudService: "Amazon Elastic Kubernetes Service",
    category: "Compute",
    type: "NodeGroup",
    region: "eu-west-1",
    name: "payments-nodes",
    dailyUsd: 212,
    commitmentDiscount: 0.28,
  },
  {
    ...AWS,
    service: "payments-api",
    feature: "instant-transfers",
    cloudService: "Amazon Relational Database Service",
    category: "Databases",
    type: "DBInstance",
    region: "eu-west-1",
    name: "payments-db",
    dailyUsd: 96,
    commitmentDiscount: 0,
  },
  {
    ...AWS,
    service: "ledger",
    feature: null,
    cloudService: "Amazon Aurora",
    category: "Databases",
    type: "DBCluster",
    region: "eu-west-1",
    name: "ledger-aurora",
    dailyUsd: 184,
    commitmentDiscount: 0.22,
  },
  {
    ...AWS,
    service: "ledger",
    feature: "statements",
    cloudService: "Amazon Simple Storage Service",
    category: "Storage",
    type: "Bucket",
    region: "eu-west-1",
    name: "ledger-archive",
    dailyUsd: 13,
    commitmentDiscount: 0,
  },
  {
    ...GCP,
    service: "fraud-scoring",
    feature: "fraud-prevention",
    cloudService: "Vertex AI",
    category: "AI and Machine Learning",
    type: "Endpoint",
    region: "europe-west1",
    name: "fraud-model",
    dailyUsd: 141,
    commitmentDiscount: 0,
  },
  {
    ...GCP,
    service: "fraud-scoring",
    feature: "fraud-prevention",
    cloudService: "Kubernetes Engine",
    category: "Compute",
    type: "Cluster",
    region: "europe-west1",
    name: "risk-gke",
    dailyUsd: 58,
    commitmentDiscount: 0.2,
  },
  {
    ...AZURE,
    service: "kyc",
    feature: "account-onboarding",
    cloudService: "Azure App Service",
    category: "Compute",
    type: "WebApp",
    region: "westeurope",
    name: "kyc-app",
    dailyUsd: 44,
    commitmentDiscount: 0,
  },
  {
    ...AZURE,
    service: "kyc",
    feature: "account-onboarding",
    cloudService: "Azure Cosmos DB",
    category: "Databases",
    type: "DatabaseAccount",
    region: "westeurope",
    name: "kyc-cosmos",
    dailyUsd: 37,
    commitmentDiscount: 0,
  },
  {
    ...AWS,
    service: "notifications",
    feature: null,
    cloudService: "AWS Lambda",
    category: "Compute",
    type: "Function",
    region: "eu-west-1",
    name: "notify-dispatch",
    dailyUsd: 14,
    commitmentDiscount: 0,
  },
  {
    ...AWS,
    service: "notifications",
    feature: null,
    cloudService: "Amazon Simple Email Service",
    category: "Networking",
    type: "Identity",
    region: "eu-west-1",
    name: "notify-ses",
    dailyUsd: 6,
    commitmentDiscount: 0,
  },
  {
    ...AWS,
    service: null,
    feature: null,
    cloudService: "Amazon Virtual Private Cloud",
    category: "Networking",
    type: "NatGateway",
    region: "eu-west-1",
    name: "shared-nat",
    dailyUsd: 31,
    commitmentDiscount: 0,
  },
  {
    ...AWS,
    service: null,
    feature: null,
    cloudService: "Amazon CloudWatch",
    category: "Management and Governance",
    type: "LogGroup",
    region: "eu-west-1",
    name: "shared-logs",
    dailyUsd: 17,
    commitmentDiscount: 0,
  },
  {
    // Tagged by its team under `project`, which no one configured as a feature tag key: its spend
    // is unallocated until someone accepts the agent's proposal to map project=statements.
    ...AWS,
    service: null,
    feature: null,
    cloudService: "AWS Lambda",
    category: "Compute",
    type: "Function",
    region: "eu-west-1",
    name: "pdf-render",
    dailyUsd: 3,
    commitmentDiscount: 0,
    tags: { project: "statements" },
  },
];

/** A cost incident to find later: the fraud model's endpoint scaled out on this day of the window. */
export const DEMO_SPIKE = { resource: "fraud-model", environment: "prod", dayIndex: 21, factor: 2.6 } as const;

/** Budgets FinOps would set for the demo month: one on track, one forecast to overrun. */
export const DEMO_BUDGETS = [
  { scope: "feature", key: "card-payments", monthlyAmount: "8500", thresholdPercent: 80 },
  { scope: "feature", key: "fraud-prevention", monthlyAmount: "12000", thresholdPercent: 80 },
  { scope: "team", key: "payments", monthlyAmount: "16000", thresholdPercent: 75 },
] as const;
