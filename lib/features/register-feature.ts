import { authorize, type Ctx } from "../context";
import { db } from "../db";
import { type FeatureSummary, RegisterFeatureInput } from "./schemas";

export async function registerFeature(ctx: Ctx, input: RegisterFeatureInput): Promise<FeatureSummary> {
  authorize(ctx, "costs:manage");
  const data = RegisterFeatureInput.parse(input);
  return db().feature.upsert({
    where: { key: data.key },
    create: data,
    update: { name: data.name, team: data.team, description: data.description },
    select: { id: true, key: true, name: true, team: true },
  });
}
