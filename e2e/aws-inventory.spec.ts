import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { ConsolePage } from "./pages/console-page";

const FIXTURES = path.join(import.meta.dirname, "..", "collectors", "aws", "fixtures");

test("FinOps imports AWS CLI output on the Inventory page and finds it unmanaged", async ({ page }) => {
  const console = await ConsolePage.signedIn(page, "finops");
  const form = page.getByRole("form", { name: "Import AWS CLI output" });
  const outcomes = page.getByTestId("aws-outcomes");

  await test.step("describe-instances and a broken file: one imported, the other's error listed with its JSON path", async () => {
    await console.open("/costs/inventory");
    await form.getByLabel("Command").selectOption("ec2-describe-instances");
    await form.getByLabel("JSON output").setInputFiles([
      {
        name: "ec2-describe-instances.json",
        mimeType: "application/json",
        buffer: fs.readFileSync(path.join(FIXTURES, "custodian-ec2-metric", "ec2-describe-instances.json")),
      },
      {
        name: "broken.json",
        mimeType: "application/json",
        buffer: Buffer.from('{"Reservations":[{"Instances":[{"InstanceId":"i-1"}]}]}'),
      },
    ]);
    await form.getByRole("button", { name: "Import output" }).click();
    await expect(outcomes.getByRole("listitem")).toHaveCount(2);
    await expect(outcomes.getByRole("listitem").first()).toContainText("ec2-describe-instances.json: 1 ec2-instance");
    await expect(outcomes.getByRole("listitem").last()).toContainText(
      "broken.json: ec2-describe-instances: Reservations[0].Instances[0].InstanceType: is required",
    );
  });

  await test.step("CloudWatch statistics need the dimension the output does not print", async () => {
    await form.getByLabel("Command").selectOption("cloudwatch-get-metric-statistics");
    await form.getByLabel("Namespace", { exact: true }).fill("AWS/EC2");
    await form.getByLabel("Metric", { exact: true }).fill("CPUUtilization");
    await form.getByLabel("Dimension", { exact: true }).fill("InstanceId=i-0cfbce719a3400834");
    await form
      .getByLabel("JSON output")
      .setInputFiles(path.join(FIXTURES, "custodian-ec2-metric", "cloudwatch-get-metric-statistics.json"));
    await form.getByRole("button", { name: "Import output" }).click();
    await expect(outcomes).toContainText(
      "1 datapoints of CPUUtilization for InstanceId=i-0cfbce719a3400834, period 86400 s (default)",
    );
  });

  await test.step("the Unmanaged view marks the instance no Terraform state manages", async () => {
    await page.getByRole("link", { name: "Unmanaged" }).click();
    await expect(page).toHaveURL(/view=unmanaged/);
    const row = page.getByTestId("unmanaged").getByRole("row").filter({ hasText: "i-0cfbce719a3400834" });
    await expect(row).toContainText("Unmanaged");
    await expect(row).toContainText("ec2-instance");
    await expect(row).toContainText("644160558196 · us-west-2");
  });
});

test("a viewer sees the Unmanaged view but no upload", async ({ page }) => {
  const console = await ConsolePage.signedIn(page, "viewer");
  await console.open("/costs/inventory?view=unmanaged");
  await expect(page.getByRole("heading", { name: /unmanaged resources$/ })).toBeVisible();
  await expect(page.getByRole("form", { name: "Import AWS CLI output" })).toHaveCount(0);
});
