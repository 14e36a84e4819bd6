import { type ChannelKind, type ChannelView, SEVERITIES, type Severity } from "@/lib/notifications/schemas";

/** The channel form as typed: lists are comma-separated text until they are sent. */
export interface ChannelFormValues {
  kind: ChannelKind;
  name: string;
  url: string;
  secret: string;
  routingKey: string;
  to: string;
  services: string;
  teams: string;
  severities: Severity[];
  enabled: boolean;
}
export const KIND_LABEL: Record<ChannelKind, string> = {
  webhook: "Webhook",
  slack: "Slack",
  pagerduty: "PagerDuty",
  email: "E-mail",
};

export type ChannelField = keyof ChannelFormValues | "form";
export type ChannelErrors = Partial<Record<ChannelField, string>>;

/** "a, b,,c " as ["a", "b", "c"]. */
export const listOf = (text: string) =>
  text
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);

/** The severities ticked after one is ticked or unticked, in their usual order. */
export const toggled = (selected: Severity[], severity: Severity, on: boolean): Severity[] =>
  SEVERITIES.filter((s) => (s === severity ? on : selected.includes(s)));

/** A new channel's blank form, or an existing one's values; secrets are never read back, so they start empty. */
export function channelFormValues(channel?: ChannelView): ChannelFormValues {
  const shown = channel?.kind === "webhook" || channel?.kind === "pagerduty" ? channel.target : "";
  return {
    kind: channel?.kind ?? "webhook",
    name: channel?.name ?? "",
    url: shown,
    secret: "",
    routingKey: "",
    to: channel?.kind === "email" ? channel.target : "",
    services: channel?.routing.services.join(", ") ?? "",
    teams: channel?.routing.teams.join(", ") ?? "",
    severities: channel?.routing.severities ?? [],
    enabled: channel?.enabled ?? true,
  };
}

/** What the kind sends besides name and routing; on an edit a secret left empty is kept, so it is not sent. */
function kindFields(values: ChannelFormValues, editing: boolean): Record<string, unknown> {
  const secret = (field: "secret" | "routingKey" | "url") =>
    editing && values[field] === "" ? {} : { [field]: values[field] };
  switch (values.kind) {
    case "webhook":
      return { url: values.url.trim(), ...secret("secret") };
    case "slack":
      return secret("url");
    case "pagerduty":
      return { ...secret("routingKey"), url: values.url.trim() };
    case "email":
      return { to: listOf(values.to) };
  }
}

/** The body of POST (new) or PATCH (editing) /api/v1/notifications/channels; the API judges it. */
export function channelBody(values: ChannelFormValues, editing: boolean): Record<string, unknown> {
  return {
    name: values.name,
    ...(editing ? {} : { kind: values.kind }),
    ...kindFields(values, editing),
    routing: { services: listOf(values.services), teams: listOf(values.teams), severities: values.severities },
    enabled: values.enabled,
  };
}

const FIELDS: Record<string, ChannelField> = {
  name: "name",
  kind: "kind",
  url: "url",
  secret: "secret",
  routingKey: "routingKey",
  to: "to",
  "routing.services": "services",
  "routing.teams": "teams",
  "routing.severities": "severities",
  enabled: "enabled",
};

/** The form field an API error names ("routing.teams.2" is the teams field); anything else is the form's. */
export function channelFieldOf(apiField: string | null): ChannelField {
  const path = (apiField ?? "").split(".");
  const known = (key: string) => (Object.hasOwn(FIELDS, key) ? FIELDS[key] : undefined);
  return known(path.slice(0, 2).join(".")) ?? known(path[0]) ?? "form";
}
