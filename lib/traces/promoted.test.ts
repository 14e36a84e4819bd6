import { describe, expect, it } from "vitest";
import { storedInt } from "./attribute-values";
import { keptPromoted, promotedAttributes, promotedColumns } from "./promoted";

/** The promoted attributes of a span written and read back: what the API would list. */
function roundTrip(attributes: [string, unknown][], resourceFeature: string | null = null) {
  const promoted = new Map(attributes);
  const columns = promotedColumns(promoted, resourceFeature);
  const stored = Object.fromEntries(keptPromoted(promoted, resourceFeature));
  const read = promotedAttributes(columns, stored, resourceFeature);
  return { columns, stored, read: [...Object.keys(stored), ...read.map(([key]) => key)].sort() };
}

describe("promoted attributes", () => {
  it("leave the stored attributes when their column gives them back exactly", () => {
    const { columns, stored } = roundTrip([
      ["http.route", "/v1/pay"],
      ["http.response.status_code", 200],
      ["db.system", "postgresql"],
      ["peer.service", "ledger"],
      ["vigil.feature", "checkout"],
    ]);
    expect(stored).toEqual({});
    expect(columns).toEqual({
      httpRoute: "/v1/pay",
      httpStatusCode: 200,
      dbSystem: "postgresql",
      peerService: "ledger",
      feature: "checkout",
    });
    expect(promotedAttributes(columns, stored, null)).toEqual([
      ["http.route", { stringValue: "/v1/pay" }],
      ["http.response.status_code", { intValue: "200" }],
      ["db.system", { stringValue: "postgresql" }],
      ["peer.service", { stringValue: "ledger" }],
      ["vigil.feature", { stringValue: "checkout" }],
    ]);
  });

  it("stay stored, and are not given back twice, under another name, type or value", () => {
    const cases: [string, unknown][][] = [
      [["http.status_code", 404]],
      [
        ["http.status_code", 404],
        ["http.response.status_code", 404],
      ],
      [["http.response.status_code", "503"]],
      [["http.response.status_code", true]],
      [["http.response.status_code", 0]],
      [["http.response.status_code", storedInt(2n ** 40n)]],
      [["db.system.name", "postgresql"]],
      [
        ["db.system.name", "postgresql"],
        ["db.system", "mysql"],
      ],
      [["http.route", 5]],
      [["vigil.feature", "f".repeat(129)]],
      [["vigil.feature", null]],
    ];
    for (const attributes of cases) {
      const { stored, read } = roundTrip(attributes);
      expect(stored, JSON.stringify(attributes)).toEqual(Object.fromEntries(attributes));
      expect(read, JSON.stringify(attributes)).toEqual(attributes.map(([key]) => key).sort());
    }
  });

  it("tell a span's own feature from its resource's", () => {
    // The span's feature equal to the resource's stays stored; the column alone reads as the resource's.
    expect(roundTrip([["vigil.feature", "cards"]], "cards").stored).toEqual({ "vigil.feature": "cards" });
    expect(roundTrip([], "cards").read).toEqual([]);
    expect(roundTrip([["vigil.feature", "loans"]], "cards")).toMatchObject({
      stored: {},
      read: ["vigil.feature"],
      columns: { feature: "loans" },
    });
  });
});
