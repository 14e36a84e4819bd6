import { z } from "zod";
import type { FilterSpec } from "../../_components/filter-field";
import { type SearchParams, searchOf } from "@/lib/http/page-params";
import { blankAsUnset, text } from "@/lib/validation";

const ForecastPageInput = z.object({
  service: z.preprocess(blankAsUnset, text(200, 1).optional()),
  environment: z.preprocess(blankAsUnset, text(200, 0).optional()),
  feature: z.preprocess(blankAsUnset, text(200, 1).optional()),
});

/** The page's choices from its URL: a bad one is shown on the page, which then shows the defaults. */
export function forecastParams(search: SearchParams) {
  const { values, problem } = searchOf(ForecastPageInput, search);
  return { values: values ?? {}, problem };
}

/** The selects: every service, environment and feature the forecasts know. */
export function pickFields(keys: {
  services: { service: string; environment: string }[];
  features: string[];
}): FilterSpec[] {
  const services = [...new Set(keys.services.map((key) => key.service))];
  const environments = [...new Set(keys.services.map((key) => key.environment))];
  return [
    { name: "service", label: "Service", options: services.map((name) => [name, name] as const) },
    {
      name: "environment",
      label: "Environment",
      options: [["", "first with traffic"], ...environments.filter(Boolean).map((name) => [name, name] as const)],
    },
    { name: "feature", label: "Feature", options: keys.features.map((name) => [name, name] as const) },
  ];
}
