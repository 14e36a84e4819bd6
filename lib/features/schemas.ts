import { z } from "zod";

export const RegisterFeatureInput = z.object({
  key: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "lowercase letters, digits or '-', at most 63")
    .describe("The value of the feature tag and span attribute"),
  name: z.string().min(1).max(100),
  team: z.string().min(1).max(100),
  description: z.string().max(500).default(""),
});
export type RegisterFeatureInput = z.input<typeof RegisterFeatureInput>;

export interface FeatureSummary {
  id: string;
  key: string;
  name: string;
  team: string;
}
