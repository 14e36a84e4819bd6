import type { Ctx } from "@/lib/context";
import { recordDeployment } from "@/lib/delivery/record-deployment";
import type { Deployment } from "@/lib/delivery/schemas";
import { budgetExhausted } from "@/lib/slo/budget-policy";

/**
 * Records a reported deployment and answers with the error budget policy: `budgetExhausted` when an
 * SLO of its service has spent its budget, so a pipeline can hold back what is not a fix.
 */
export async function recordDeploymentWithPolicy(ctx: Ctx, deployment: Deployment) {
  const outcome = await recordDeployment(ctx, deployment);
  return { ...outcome, budgetExhausted: await budgetExhausted(ctx, deployment.service) };
}
