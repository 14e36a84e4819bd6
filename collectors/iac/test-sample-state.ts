import fs from "node:fs";
import path from "node:path";

/** driftctl's aws_lb_listener state (fixtures/NOTICE.md): serial 575, one data source. */
export const SAMPLE_STATE = fs.readFileSync(
  path.resolve(import.meta.dirname, "fixtures/aws_lb_listener.tfstate"),
  "utf8",
);

/** The sample's managed resources, sorted by address. */
export const SAMPLE_ADDRESSES = [
  "aws_internet_gateway.gw",
  "aws_lb.test",
  "aws_lb_listener.front_end",
  "aws_lb_target_group.test",
  "aws_security_group.lb_sg",
  "aws_subnet.main-1",
];
