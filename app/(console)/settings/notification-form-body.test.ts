import { describe, expect, it } from "vitest";
import { CreateSilenceInput, KIND_SCHEMAS } from "@/lib/notifications/schemas";
import type { ChannelView } from "@/lib/notifications/schemas";
import { channelBody, channelFieldOf, channelFormValues, listOf, toggled } from "./channel-form-body";
import { localUtc, silenceBody, silenceFieldOf, silenceFormValues } from "./silence-form-body";

const channel = (over: Partial<ChannelView>): ChannelView => ({
  id: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
  name: "ops",
  kind: "webhook",
  target: "https://example.com/hook",
  secrets: { secret: "set" },
  routing: { services: ["checkout", "api"], teams: [], severities: ["page"] },
  enabled: false,
  createdBy: "admin",
  createdAt: "2026-12-01T00:00:00.000Z",
  updatedAt: "2026-12-01T00:00:00.000Z",
  health: { state: "unused", lastError: null, lastAttemptAt: null },
  ...over,
});

describe("the channel form's body", () => {
  it("each kind's new channel, filled in, is what the API's schema takes", () => {
    const base = { ...channelFormValues(), name: " ops ", services: "a, ,b,", severities: toggled([], "ticket", true) };
    const filled = {
      webhook: { url: " https://example.com/hook ", secret: "0123456789abcdef" },
      slack: { url: "https://hooks.slack.com/services/T/B/X" },
      pagerduty: { routingKey: "R0UT1NGKEY", url: "" },
      email: { to: "a@example.com, b@example.com" },
    } as const;
    for (const kind of ["webhook", "slack", "pagerduty", "email"] as const) {
      const parsed = KIND_SCHEMAS[kind].parse(channelBody({ ...base, kind, ...filled[kind] }, false));
      expect(parsed).toMatchObject({ kind, name: "ops", enabled: true });
      expect(parsed.routing).toEqual({ services: ["a", "b"], teams: [], severities: ["ticket"] });
    }
  });

  it("an edit starts from the channel, sends no kind, and leaves secrets typed as nothing unsent", () => {
    const values = channelFormValues(channel({}));
    expect(values).toMatchObject({
      url: "https://example.com/hook",
      secret: "",
      services: "checkout, api",
      enabled: false,
    });
    expect(channelBody(values, true)).toEqual({
      name: "ops",
      url: "https://example.com/hook",
      routing: { services: ["checkout", "api"], teams: [], severities: ["page"] },
      enabled: false,
    });
    expect(channelBody({ ...values, secret: "new-secret-0123456789" }, true)).toHaveProperty("secret");
    const slack = channelFormValues(channel({ kind: "slack", target: "Slack incoming webhook" }));
    expect(slack.url).toBe("");
    expect(channelBody(slack, true)).not.toHaveProperty("url");
    expect(channelFormValues(channel({ kind: "email", target: "a@example.com, b@example.com" })).to).toBe(
      "a@example.com, b@example.com",
    );
  });

  it("the API's field names the form's field; anything unknown, even a prototype's name, is the form's", () => {
    expect(channelFieldOf("routing.teams.2")).toBe("teams");
    expect(channelFieldOf("to.0")).toBe("to");
    expect(channelFieldOf("secret")).toBe("secret");
    for (const odd of [null, "", "routing", "constructor", "__proto__", "routing.constructor"])
      expect(channelFieldOf(odd)).toBe("form");
  });

  it("lists drop blanks; severities keep their order whatever the clicks", () => {
    expect(listOf(" , ,")).toEqual([]);
    expect(listOf("x\u0000y, z")).toEqual(["x\u0000y", "z"]);
    expect(toggled(toggled(["info"], "page", true), "info", false)).toEqual(["page"]);
    expect(toggled(["page", "info"], "ticket", true)).toEqual(["page", "ticket", "info"]);
  });
});

describe("the silence form's body", () => {
  it("a datetime-local value is read as UTC and the body is what the API's schema takes", () => {
    const end = localUtc(Date.parse("2026-12-31T23:30:00Z"), 2);
    expect(end).toBe("2027-01-01T01:30");
    const body = silenceBody({ ...silenceFormValues(end), teams: "payments", reason: "failover" });
    expect(CreateSilenceInput.parse(body)).toMatchObject({
      endsAt: "2027-01-01T01:30:00Z",
      matchers: { services: [], teams: ["payments"], severities: [] },
    });
  });

  it("an end time that is not one goes as typed, for the API to refuse", () => {
    expect(silenceBody(silenceFormValues("tomorrow")).endsAt).toBe("tomorrow");
    expect(() =>
      CreateSilenceInput.parse(silenceBody({ ...silenceFormValues(""), teams: "t", reason: "r" })),
    ).toThrow();
  });

  it("the API's field names the form's field", () => {
    expect(silenceFieldOf("matchers")).toBe("matchers");
    expect(silenceFieldOf("matchers.teams.0")).toBe("teams");
    expect(silenceFieldOf("matchers.keys.0")).toBe("matchers");
    expect(silenceFieldOf("endsAt")).toBe("endsAt");
    expect(silenceFieldOf(null)).toBe("form");
    expect(silenceFieldOf("constructor")).toBe("form");
  });
});
