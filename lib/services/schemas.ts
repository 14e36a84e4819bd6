import { z } from "zod";
import { blankAsUnset, day, integer, oneOf, text } from "../validation";

const ServiceTier = z.enum(["critical", "standard", "experimental"]);

export const RegisterServiceInput = z.object({
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, "lowercase letters, digits, '.', '_' or '-', at most 63")
    .describe("The service.name its telemetry reports"),
  team: text(100, 1).describe("Owning team"),
  tier: ServiceTier.default("standard").describe("critical services page someone when their SLO burns"),
  description: text(500).default(""),
});
export type RegisterServiceInput = z.input<typeof RegisterServiceInput>;

export const ListServicesInput = z.object({
  limit: z.preprocess(blankAsUnset, integer(1, 200).default(50)),
  cursor: z.preprocess(blankAsUnset, text(200).optional()).describe("Name of the last service of the previous page"),
});
export type ListServicesInput = z.input<typeof ListServicesInput>;

export interface ServiceSummary {
  id: string;
  name: string;
  team: string;
  tier: string;
  description: string;
}

export const ServiceSpendInput = z
  .object({
    service: text(200, 1).describe("The service.name its telemetry reports"),
    from: day().describe("First day, inclusive (UTC)"),
    to: day().describe("Last day, exclusive (UTC)"),
    metric: z.preprocess(blankAsUnset, oneOf(["billed", "effective"]).default("effective")),
  })
  .refine((input) => input.from < input.to, { message: "must be after from", path: ["to"] });
export type ServiceSpendInput = z.input<typeof ServiceSpendInput>;
