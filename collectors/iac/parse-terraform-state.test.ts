import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseTerraformState } from "./parse-terraform-state";

// The parser alone, no database.

const SAMPLE = fs.readFileSync(path.resolve(import.meta.dirname, "fixtures/aws_lb_listener.tfstate"), "utf8");

describe("parseTerraformState", () => {
  it("reads the driftctl aws_lb_listener state's managed resources, not its data source", () => {
    const state = parseTerraformState(SAMPLE, "aws_lb_listener.tfstate");
    expect(state).toMatchObject({ serial: 575 });
    expect(state.resources.map((resource) => resource.address).sort()).toEqual([
      "aws_internet_gateway.gw",
      "aws_lb.test",
      "aws_lb_listener.front_end",
      "aws_lb_target_group.test",
      "aws_security_group.lb_sg",
      "aws_subnet.main-1",
    ]);
    expect(state.resources.find((resource) => resource.type === "aws_lb")?.provider).toBe(
      "registry.terraform.io/hashicorp/aws",
    );
  });

  it("names the file and the field of a state it refuses", () => {
    expect(() => parseTerraformState('{"version":3}', "old.tfstate")).toThrow(/old\.tfstate: version/);
  });
});
