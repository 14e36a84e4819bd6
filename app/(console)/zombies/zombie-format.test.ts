import { describe, expect, it } from "vitest";
import { mainCurrency, mainFirst, orderGroups, type SavingsGroup } from "./group-order";
import { dueText, queueOrder, ruleLabel, savingsText, statusTone, zombiesHref } from "./zombie-format";

describe("how a finding is worded", () => {
  it("labels a rule from its id, and leaves an odd one readable", () => {
    expect(ruleLabel("idle-compute")).toBe("Idle compute");
    expect(ruleLabel("unused_commitment")).toBe("Unused commitment");
    expect(ruleLabel("")).toBe("");
    expect(ruleLabel("---")).toBe("---");
    expect(ruleLabel("\u{1F600}-x")).toBe("\u{1F600} x");
  });

  it("gives every status a tone and an unknown or inherited name the neutral one", () => {
    expect(statusTone("notified")).toBe("warn");
    expect(statusTone("verified")).toBe("ok");
    expect(statusTone("toString")).toBe("neutral");
    expect(statusTone("")).toBe("neutral");
  });

  it("shows savings in their own currency, and says when there is no figure", () => {
    expect(savingsText("1234.5", "USD")).toBe("$1,234.50");
    expect(savingsText("0.005", "EUR")).toBe("0.01 EUR");
    expect(savingsText(null, null)).toBe("no cost lines");
    expect(savingsText("99999999999999999999.999999999999999999", "USD")).toBe("$100,000,000,000,000,000,000.00");
  });

  it("links the list with empty filters left out and changes applied", () => {
    expect(zombiesHref({})).toBe("/zombies");
    expect(zombiesHref({ team: "payments", rule: "" }, { sort: "rule" })).toBe("/zombies?team=payments&sort=rule");
    expect(zombiesHref({ team: "a&b=c", q: "x" }, { q: undefined })).toBe("/zombies?team=a%26b%3Dc");
  });
});

const queued = (id: string, at: { deadline?: string; snoozed?: string; seen: string }) => ({
  id,
  status: "new",
  notifyDeadline: at.deadline ?? null,
  snoozedUntil: at.snoozed ?? null,
  firstSeenAt: at.seen,
});

describe("the approval queue", () => {
  it("puts the oldest deadline first, a snooze's end standing in for one, then those without, longest waiting first", () => {
    const order = queueOrder([
      queued("late", { deadline: "2026-12-10T00:00:00Z", seen: "2026-12-01T00:00:00Z" }),
      queued("snoozed", { snoozed: "2026-12-05T00:00:00Z", seen: "2026-11-01T00:00:00Z" }),
      queued("tie-b", { deadline: "2026-12-03T00:00:00Z", seen: "2026-12-02T00:00:00Z" }),
      queued("tie-a", { deadline: "2026-12-03T00:00:00Z", seen: "2026-12-01T00:00:00Z" }),
      queued("none-new", { seen: "2026-12-20T00:00:00Z" }),
      queued("none-old", { seen: "2026-10-01T00:00:00Z" }),
    ]);
    expect(order.map((f) => f.id)).toEqual(["tie-a", "tie-b", "snoozed", "late", "none-old", "none-new"]);
    expect(queueOrder([])).toEqual([]);
  });

  it("says how far a deadline is, to the hour", () => {
    const now = new Date("2026-12-06T12:00:00Z");
    expect(dueText("2026-12-06T12:20:00Z", now)).toBe("due now");
    expect(dueText("2026-12-06T13:00:00Z", now)).toBe("due in 1 hour");
    expect(dueText("2026-12-07T11:00:00Z", now)).toBe("due in 23 hours");
    expect(dueText("2026-12-03T12:00:00Z", now)).toBe("overdue by 3 days");
  });
});

const group = (key: string, findings: number, ...savings: [string, string | null][]): SavingsGroup => ({
  key,
  findings,
  savings: savings.map(([currency, amount]) => ({ currency, amount })),
});

describe("the groups' order", () => {
  const groups = [
    group("b", 1, ["USD", "10.5"], ["EUR", "900"]),
    group("a", 3, ["USD", "10.49999999999999999"]),
    group("c", 2, ["EUR", "1000"]),
    group("", 2, ["USD", null]),
  ];

  it("ranks savings in one currency only, exactly, none counting as zero", () => {
    expect(orderGroups(groups, "savings", "USD").map((g) => g.key)).toEqual(["b", "a", "", "c"]);
    expect(orderGroups(groups, "savings", "EUR").map((g) => g.key)).toEqual(["c", "b", "a", ""]);
  });

  it("orders by findings or by name, without changing the input", () => {
    expect(orderGroups(groups, "findings", "USD").map((g) => g.key)).toEqual(["a", "", "c", "b"]);
    expect(orderGroups(groups, "name", "USD").map((g) => g.key)).toEqual(["", "a", "b", "c"]);
    expect(groups.map((g) => g.key)).toEqual(["b", "a", "c", ""]);
  });

  it("ranks by the currency most findings are in, USD when there are none", () => {
    expect(
      mainCurrency([
        { currency: "EUR", findings: 2 },
        { currency: "USD", findings: 5 },
      ]),
    ).toBe("USD");
    expect(
      mainCurrency([
        { currency: "EUR", findings: 9 },
        { currency: "USD", findings: 5 },
      ]),
    ).toBe("EUR");
    expect(mainCurrency([])).toBe("USD");
  });

  it("puts the main currency's totals first, the rest by name", () => {
    const totals = [
      { currency: "CHF", findings: 1 },
      { currency: "EUR", findings: 2 },
      { currency: "USD", findings: 5 },
    ];
    expect(mainFirst(totals).map((t) => t.currency)).toEqual(["USD", "CHF", "EUR"]);
    expect(mainFirst([])).toEqual([]);
  });
});
