import { describe, expect, it } from "vitest";
import { type UnallocatedResource, unallocatedSignals } from "./attribution-signals";

const resource = (id: string, over: Partial<UnallocatedResource> = {}): UnallocatedResource => ({
  resource_id: id,
  cost: "1",
  line_tags: [],
  inventory: [],
  ...over,
});

const FEATURE_TAGS = ["feature", "user:feature"];

describe("unallocatedSignals", () => {
  it("maps a feature key under another tag key to a tag rule, one per key and value, citing every resource", () => {
    const signals = unallocatedSignals(
      [
        resource("r1", { line_tags: [{ Project: "checkout" }] }),
        resource("r2", {
          inventory: [{ address: "module.prod.aws_lambda_function.r2", name: "r2", tags: { project: "checkout" } }],
        }),
      ],
      ["checkout", "search"],
      FEATURE_TAGS,
    );
    expect(signals).toEqual([
      {
        type: "tag-rule",
        tagKey: "Project",
        tagValue: "checkout",
        feature: "checkout",
        rationale: expect.stringContaining("Project is not a configured feature tag key"),
        evidenceIds: ["bill:r1", "resource:module.prod.aws_lambda_function.r2", "bill:r2"],
      },
    ]);
  });

  it("maps resources whose id, name or address holds a feature key, the longest key first", () => {
    const signals = unallocatedSignals(
      [
        resource("arn:aws:lambda:eu-west-1:1:checkout-v2-worker"),
        resource("i-0abc", { inventory: [{ address: "aws_instance.search_box", name: "Search-indexer", tags: {} }] }),
      ],
      ["checkout", "checkout-v2", "search"],
      FEATURE_TAGS,
    );
    expect(signals.map((s) => s.type === "resource-feature" && [s.feature, s.resourceIds])).toEqual([
      ["checkout-v2", ["arn:aws:lambda:eu-west-1:1:checkout-v2-worker"]],
      ["search", ["i-0abc"]],
    ]);
  });

  it("finds nothing in a configured feature tag, the shared tag, short keys, unknown values or odd input", () => {
    const signals = unallocatedSignals(
      [
        // Under a configured key the allocation already reads it, whatever the case.
        resource("a", { line_tags: [{ "User:Feature": "checkout" }] }),
        resource("b", { line_tags: [{ shared: "checkout" }] }),
        resource("c", { line_tags: [{ project: "Checkout" }, { project: 7 as unknown as string }] }),
        resource("api-web-1"),
        resource(""),
        resource("x".repeat(5000) + "checkout"),
        resource("d", { line_tags: [{ ["k".repeat(129)]: "checkout" }] }),
      ],
      ["checkout", "api", "web", "bad key!", "\0", ""],
      FEATURE_TAGS,
    );
    expect(signals).toEqual([]);
    expect(unallocatedSignals([], [], [])).toEqual([]);
  });

  it("keeps evidence ids within the schema's 600 characters", () => {
    const long = `arn:${"x".repeat(700)}:checkout`;
    const [signal] = unallocatedSignals([resource(long)], ["checkout"], FEATURE_TAGS);
    expect(signal).toMatchObject({ type: "resource-feature", resourceIds: [long], evidenceIds: [] });
  });
});
