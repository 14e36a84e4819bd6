import { describe, expect, it } from "vitest";
import { parseTerraformState } from "./parse-terraform-state";
import { SAMPLE_ADDRESSES, SAMPLE_STATE } from "./test-sample-state";

// The parser alone, no database.

describe("parseTerraformState", () => {
  it("reads the driftctl aws_lb_listener state's managed resources, not its data source", () => {
    const state = parseTerraformState(SAMPLE_STATE, "aws_lb_listener.tfstate");
    expect(state).toMatchObject({ serial: 575 });
    expect(state.resources.map((resource) => resource.address).sort()).toEqual(SAMPLE_ADDRESSES);
    expect(state.resources.find((resource) => resource.type === "aws_lb")?.provider).toBe(
      "registry.terraform.io/hashicorp/aws",
    );
  });

  it("names the file and the field of a state it refuses", () => {
    expect(() => parseTerraformState('{"version":3}', "old.tfstate")).toThrow(/old\.tfstate: version/);
  });
});
