import { authorize, type Ctx } from "../context";
import { db } from "../db";
import { withSpan } from "../telemetry";
import { RegisterServiceInput, type ServiceSummary } from "./schemas";

/** Creates the service, or updates its ownership and description when it already exists. */
export async function registerService(ctx: Ctx, input: RegisterServiceInput): Promise<ServiceSummary> {
  authorize(ctx, "services:manage");
  const data = RegisterServiceInput.parse(input);
  return withSpan("registerService", { "vigil.service": data.name }, () =>
    db().service.upsert({
      where: { name: data.name },
      create: data,
      update: { team: data.team, tier: data.tier, description: data.description },
      select: { id: true, name: true, team: true, tier: true, description: true },
    }),
  );
}
