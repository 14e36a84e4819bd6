import type { TerraformState } from "../costs/schemas";
import { resourceId } from "./demo-cost-lines";
import { DEMO_ENVIRONMENTS, DEMO_FEATURES, DEMO_RESOURCES, DEMO_SERVICES } from "./demo-platform";

// The demo platform's Terraform state, as the inventory keeps one: one module per environment declaring
// the resources the demo bill charges for, with the same ids, and the tags a platform team would set.
// Shared resources carry only team and env tags; their cost is split by telemetry or left unallocated.

const TYPES: Record<string, { type: string; provider: string }> = {
  NodeGroup: { type: "aws_eks_node_group", provider: "hashicorp/aws" },
  DBInstance: { type: "aws_db_instance", provider: "hashicorp/aws" },
  DBCluster: { type: "aws_rds_cluster", provider: "hashicorp/aws" },
  Bucket: { type: "aws_s3_bucket", provider: "hashicorp/aws" },
  Endpoint: { type: "google_vertex_ai_endpoint", provider: "hashicorp/google" },
  Cluster: { type: "google_container_cluster", provider: "hashicorp/google" },
  WebApp: { type: "azurerm_linux_web_app", provider: "hashicorp/azurerm" },
  DatabaseAccount: { type: "azurerm_cosmosdb_account", provider: "hashicorp/azurerm" },
  Function: { type: "aws_lambda_function", provider: "hashicorp/aws" },
  Identity: { type: "aws_sesv2_email_identity", provider: "hashicorp/aws" },
  NatGateway: { type: "aws_nat_gateway", provider: "hashicorp/aws" },
  LogGroup: { type: "aws_cloudwatch_log_group", provider: "hashicorp/aws" },
};

const DEMO_STATE_LINEAGE = "6b1f7d1e-vigil-demo-platform";

export function demoTerraformState(serial = 1): TerraformState {
  const teamOf = (service: string | null, feature: string | null) =>
    DEMO_FEATURES.find((f) => f.key === feature)?.team ??
    DEMO_SERVICES.find((s) => s.name === service)?.team ??
    "platform";
  const resources = DEMO_ENVIRONMENTS.flatMap((env) =>
    DEMO_RESOURCES.map((resource) => {
      const { type, provider } = TYPES[resource.type];
      const tags: Record<string, string> = {
        ...resource.tags,
        env: env.name,
        team: teamOf(resource.service, resource.feature),
        "managed-by": "terraform",
      };
      if (resource.service) tags.service = resource.service;
      if (resource.feature) tags.feature = resource.feature;
      const name = resource.name.replaceAll("-", "_");
      return {
        address: `module.${env.name}.${type}.${name}`,
        module: `module.${env.name}`,
        type,
        name,
        provider: `registry.terraform.io/${provider}`,
        cloudId: resourceId(resource, env.name),
        arn: null,
        tags,
      };
    }),
  );
  return { lineage: DEMO_STATE_LINEAGE, serial, terraformVersion: "1.9.8", resources };
}
