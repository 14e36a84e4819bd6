import { describe, expect, it } from "vitest";
import {
  deciderPermission,
  evidenceHref,
  moneyText,
  rejectedText,
  savingsByCurrency,
  sourceText,
  statusTone,
} from "./proposal-format";

const saving = (recomputed: string | null, currency: string | null) => ({
  monthlySavings: { recomputed, currency },
});

describe("savingsByCurrency", () => {
  it("sums each currency on its own and never across currencies", () => {
    const { totals, withoutFigure } = savingsByCurrency([
      saving("10.50", "USD"),
      saving("4.25", "EUR"),
      saving("0.50", "USD"),
      saving("1.75", "EUR"),
    ]);
    expect(totals).toEqual([
      { currency: "EUR", total: "6", count: 2 },
      { currency: "USD", total: "11", count: 2 },
    ]);
    expect(withoutFigure).toBe(0);
  });

  it("leaves out and counts proposals without a recomputed figure or currency", () => {
    const { totals, withoutFigure } = savingsByCurrency([
      saving(null, "USD"),
      saving("3", null),
      saving("2", ""),
      saving("7.000001", "USD"),
    ]);
    expect(totals).toEqual([{ currency: "USD", total: "7.000001", count: 1 }]);
    expect(withoutFigure).toBe(3);
  });

  it("is empty for no proposals", () => {
    expect(savingsByCurrency([])).toEqual({ totals: [], withoutFigure: 0 });
  });

  it("stays exact for the largest stored amounts", () => {
    const big = "99999999999999.999999";
    const { totals } = savingsByCurrency([saving(big, "USD"), saving(big, "USD"), saving("0.000001", "USD")]);
    expect(totals[0].total).toBe("199999999999999.999999");
  });
});

describe("moneyText", () => {
  it("writes an amount in its own currency, a dash without a figure", () => {
    expect(moneyText("1234.5", "USD")).toBe("$1,234.50");
    expect(moneyText("9.999", "EUR")).toBe("10.00 EUR");
    expect(moneyText(null, "USD")).toBe("—");
    expect(moneyText("5", null)).toBe("5 (currency unknown)");
  });
});

describe("sourceText", () => {
  it("names rule-based proposals and the model of LLM ones", () => {
    expect(sourceText("rule-based", "gpt-4o")).toBe("rule-based");
    expect(sourceText("llm", "gpt-4o-mini")).toBe("LLM · gpt-4o-mini");
    expect(sourceText("llm", null)).toBe("LLM · unnamed model");
    expect(sourceText("llm", "   ")).toBe("LLM · unnamed model");
  });
});

describe("statusTone", () => {
  it("colours known statuses and leaves unknown or inherited names neutral", () => {
    expect(statusTone("rejected")).toBe("bad");
    expect(statusTone("valid")).toBe("info");
    expect(statusTone("approved")).toBe("ok");
    expect(statusTone("toString")).toBe("neutral");
    expect(statusTone("")).toBe("neutral");
  });
});

describe("deciderPermission", () => {
  it("gives refactors to SREs, teardowns and attributions to FinOps, explanations to nobody", () => {
    expect(deciderPermission("refactor")).toBe("services:manage");
    expect(deciderPermission("teardown")).toBe("costs:manage");
    expect(deciderPermission("attribution")).toBe("costs:manage");
    expect(deciderPermission("explanation")).toBeNull();
  });
});

describe("rejectedText", () => {
  it("names every failed check with its detail, and only those", () => {
    expect(
      rejectedText([
        { name: "schema", passed: true, detail: "parsed" },
        { name: "no-destroy", passed: false, detail: "aws_db_instance.main is replaced" },
        { name: "saving", passed: false, detail: "" },
      ]),
    ).toBe("Rejected: no-destroy (aws_db_instance.main is replaced); saving");
    expect(rejectedText([])).toBe("Rejected");
  });
});

describe("evidenceHref", () => {
  const id = "0b9f3c1e-7d2a-4c55-9e61-0f2d3a4b5c6d";
  it("links anomalies, zombies, drift, traces, resources and bills to their pages", () => {
    expect(evidenceHref(`anomaly:${id}`)).toBe(`/anomalies/${id}`);
    expect(evidenceHref(`zombie:${id}`)).toBe(`/zombies/${id}`);
    expect(evidenceHref(`drift:${id}`)).toBe(`/drift/${id}`);
    expect(evidenceHref(`trace:${"AB".repeat(16)}`)).toBe(`/traces/${"ab".repeat(16)}`);
    expect(evidenceHref("resource:module.app.aws_instance.web")).toBe("/costs/inventory?q=module.app.aws_instance.web");
    expect(evidenceHref("bill:arn:aws:ec2:us-east-1:1:volume/vol-1")).toBe(
      "/costs?resource=arn%3Aaws%3Aec2%3Aus-east-1%3A1%3Avolume%2Fvol-1",
    );
  });

  it("gives no link where Vigil has no page, or for a malformed id", () => {
    expect(evidenceHref(`slo-alert:${id}`)).toBeNull();
    expect(evidenceHref(`policy-finding:${id}`)).toBeNull();
    expect(evidenceHref("trace:not-hex")).toBeNull();
    expect(evidenceHref("anomaly:")).toBeNull();
    expect(evidenceHref(":x")).toBeNull();
    expect(evidenceHref("")).toBeNull();
    expect(evidenceHref("nocolon")).toBeNull();
    expect(evidenceHref("constructor:x")).toBeNull();
  });

  it("keeps an id's slashes, NUL and lone surrogates inside its own path segment", () => {
    expect(evidenceHref("zombie:../../api/v1/x")).toBe("/zombies/..%2F..%2Fapi%2Fv1%2Fx");
    expect(evidenceHref("anomaly:a\0b")).toBe("/anomalies/a%00b");
    expect(evidenceHref("drift:\ud800")).toBeNull();
    expect(evidenceHref("resource:a\udc00b")).toBeNull();
  });
});
