import { z } from "zod";

export const ServiceTier = z.enum(["critical", "standard", "experimental"]);

export const RegisterServiceInput = z.object({
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, "lowercase letters, digits, '.', '_' or '-', at most 63")
    .describe("The service.name its telemetry reports"),
  team: z.string().min(1).max(100).describe("Owning team"),
  tier: ServiceTier.default("standard").describe("critical services page someone when their SLO burns"),
  description: z.string().max(500).default(""),
});
export type RegisterServiceInput = z.input<typeof RegisterServiceInput>;

export const ListServicesInput = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().optional().describe("Name of the last service of the previous page"),
});
export type ListServicesInput = z.input<typeof ListServicesInput>;

export interface ServiceSummary {
  id: string;
  name: string;
  team: string;
  tier: string;
  description: string;
}
