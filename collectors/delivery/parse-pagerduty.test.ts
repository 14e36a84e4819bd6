import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BAD_TIMES, badText, expectRefused, withField } from "./adversarial-cases";
import { LIMITS } from "./fields";
import { parsePagerDutyEvent } from "./parse-pagerduty";

// PagerDuty's documented V3 example is an incident.priority_updated event; the incident events
// Vigil reads carry the same `event.data`, so the cases set event_type on a copy.
const EXAMPLE = JSON.parse(readFileSync(`${__dirname}/fixtures/pagerduty-incident.json`, "utf8")) as unknown;
const TRIGGERED = withField(EXAMPLE, ["event", "event_type"], "incident.triggered");
const config = { services: {} };

describe("parsePagerDutyEvent", () => {
  it("reads a triggered incident from PagerDuty's example body", () => {
    expect(parsePagerDutyEvent(TRIGGERED, config)).toEqual({
      ok: true,
      value: {
        externalKey: "PGR0VU2",
        source: "pagerduty",
        service: "API Service",
        title: "A little bump in the road",
        status: "TODO",
        severity: "P1",
        url: "https://acme.pagerduty.com/incidents/PGR0VU2",
        createdAt: new Date("2020-04-09T15:16:27Z"),
        resolvedAt: null,
      },
    });
  });

  it("acknowledged is in progress; resolved is done at the event's time, ms kept", () => {
    const ack = parsePagerDutyEvent(withField(EXAMPLE, ["event", "event_type"], "incident.acknowledged"), config);
    expect(ack).toMatchObject({ ok: true, value: { status: "IN_PROGRESS", resolvedAt: null } });
    expect(parsePagerDutyEvent(withField(EXAMPLE, ["event", "event_type"], "incident.resolved"), config)).toMatchObject(
      {
        value: { status: "DONE", resolvedAt: new Date("2020-10-02T18:45:22.169Z") },
      },
    );
  });

  it("falls back to urgency without a priority, and maps services by id or name", () => {
    const noPriority = withField(TRIGGERED, ["event", "data", "priority"], null);
    expect(parsePagerDutyEvent(noPriority, config)).toMatchObject({ value: { severity: "high" } });
    expect(parsePagerDutyEvent(TRIGGERED, { services: { PF9KMXH: "api" } })).toMatchObject({
      value: { service: "api" },
    });
    expect(parsePagerDutyEvent(TRIGGERED, { services: { "API Service": "api2" } })).toMatchObject({
      value: { service: "api2" },
    });
  });

  it("ignores other event types, the documented example among them", () => {
    expect(parsePagerDutyEvent(EXAMPLE, config)).toEqual({
      ok: true,
      value: { ignored: 'PagerDuty event "incident.priority_updated" is not read' },
    });
    expect(parsePagerDutyEvent({ event: { event_type: "service.updated" } }, config)).toMatchObject({ ok: true });
  });

  type Case = [string, (string | number)[], unknown];
  const data = (field: string): (string | number)[] => ["event", "data", field];
  const cases: Case[] = [
    ...badText(LIMITS.id).map(([why, v]): Case => [why, data("id"), v]),
    ...badText(LIMITS.title).map(([why, v]): Case => [why, data("title"), v]),
    ...badText(LIMITS.name).map(([why, v]): Case => [why, ["event", "data", "service", "summary"], v]),
    ...badText(50).map(([why, v]): Case => [why, data("urgency"), v]),
    ...BAD_TIMES.map(([why, v]): Case => [why, data("created_at"), v]),
    ...BAD_TIMES.map(([why, v]): Case => [why, ["event", "occurred_at"], v]),
    ["missing id", data("id"), undefined],
    ["missing service", data("service"), undefined],
    ["service without summary", ["event", "data", "service", "summary"], undefined],
    ["missing created_at", data("created_at"), undefined],
    ["missing data", ["event", "data"], undefined],
    ["url not http", data("html_url"), "ftp://acme/PGR0VU2"],
    ["priority as text", data("priority"), "P1"],
    ["event type with NUL", ["event", "event_type"], "incident.triggered\0"],
    ["event type with a lone surrogate", ["event", "event_type"], "incident.\uD800"],
    ["event type as a number", ["event", "event_type"], 7],
    ["event type made up", ["event", "event_type"], "Incident Triggered"],
    ["event type too long", ["event", "event_type"], `incident.${"x".repeat(200)}`],
    ["missing event type", ["event", "event_type"], undefined],
  ];

  it.each(cases)("refuses %s at %j", (_why, path, value) => {
    expectRefused(parsePagerDutyEvent(withField(TRIGGERED, path, value), config), path.join("."));
  });

  it("refuses a resolution before the incident was created", () => {
    let body = withField(EXAMPLE, ["event", "event_type"], "incident.resolved");
    body = withField(body, ["event", "occurred_at"], "2020-04-09T15:16:26.999Z");
    expectRefused(parsePagerDutyEvent(body, config), "event.occurred_at");
  });

  it("refuses bodies that are not objects, or a prototype key as the event type", () => {
    for (const body of [null, 1, "x", [], { event: null }]) expect(parsePagerDutyEvent(body, config).ok).toBe(false);
    expectRefused(
      parsePagerDutyEvent(withField(TRIGGERED, ["event", "event_type"], "constructor"), config),
      "event.event_type",
    );
  });
});

describe("parsePagerDutyEvent service names", () => {
  it("keeps a service named like an Object member as it is", () => {
    const body = withField(TRIGGERED, ["event", "data", "service", "summary"], "constructor");
    const result = parsePagerDutyEvent(body, config);
    expect(result.ok && "service" in result.value && result.value.service).toBe("constructor");
  });
});
