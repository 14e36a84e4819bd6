import { expect, test } from "@playwright/test";
import { EXTERNAL_JOBS } from "../lib/jobs/external-jobs";
import { JOBS } from "../lib/jobs/registry";
import { ConsolePage } from "./pages/console-page";

// Settings shows every worker job with its last success, last error, lag and status, readable on
// a desktop, a laptop and a phone.

test("an admin sees every worker job's state on the Settings page, at every width", async ({ page }) => {
  const console = new ConsolePage(page);

  await test.step("an admin opens Settings", async () => {
    await console.openAs("admin", "/settings", "Settings");
  });

  const table = page.getByTestId("jobs-table");
  await test.step("each registered job has a row with a status", async () => {
    // The agent's job runs from agents/ but is listed like the rest.
    const jobs = [...JOBS, ...EXTERNAL_JOBS];
    await expect(table.locator("tbody tr")).toHaveCount(jobs.length);
    for (const job of jobs) {
      const row = page.getByTestId(`job-${job.name}`);
      await expect(row).toContainText(job.cron);
      await expect(row.getByTestId("job-status")).toHaveText(/^(ok|failing|late|not run yet)$/);
    }
    // The worker runs the span rollup at start, so by now it has succeeded and says how far behind it is.
    const rollup = page.getByTestId("job-rollup-spans");
    await expect(async () => {
      await page.reload();
      await expect(rollup.getByTestId("job-status")).toHaveText("ok");
    }).toPass({ timeout: 30_000 });
    await expect(rollup).toContainText(/complete until \d\d:\d\d UTC/);
  });

  for (const width of [1440, 1024, 390]) {
    await test.step(`it reads at ${width} px`, async () => {
      await page.setViewportSize({ width, height: 900 });
      await expect(table).toBeVisible();
      // Nothing sticks out of the page sideways.
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await console.screenshot(`settings-${width}`);
    });
  }
});

test("an admin switches the agent's model off and on, and chooses what may leave", async ({ page }) => {
  const console = new ConsolePage(page);
  await console.openAs("admin", "/settings", "Settings");
  const card = page.getByTestId("agent-settings");
  const form = card.getByRole("form", { name: "Agent settings" });
  const save = form.getByRole("button", { name: "Save agent settings" });
  const useModel = form.getByLabel("Use scripted-model");
  const telemetry = form.getByLabel(/Telemetry: span/);
  await expect(save).toBeEnabled();
  // Whatever another spec left, start from the model on and telemetry allowed.
  if (!(await useModel.isChecked()) || !(await telemetry.isChecked())) {
    await useModel.check();
    await telemetry.check();
    await save.click();
    await expect(card.getByTestId("agent-mode")).toHaveText(/^Model scripted-model at 127\.0\.0\.1:\d+\.$/);
  }

  await useModel.uncheck();
  await telemetry.uncheck();
  await save.click();
  await expect(card.getByTestId("agent-mode")).toContainText("Rule-based: scripted-model");
  const stored = await page.request.get("/api/v1/settings/agent");
  expect(await stored.json()).toMatchObject({
    mode: "rule-based",
    modelEnabled: false,
    dataClasses: ["costs", "inventory", "findings"],
  });

  await page.reload();
  await expect(form.getByLabel("Use scripted-model")).not.toBeChecked();
  await form.getByLabel("Use scripted-model").check();
  await form.getByLabel(/Telemetry: span/).check();
  await save.click();
  await expect(card.getByTestId("agent-mode")).toHaveText(/^Model scripted-model at 127\.0\.0\.1:\d+\.$/);
  expect(await (await page.request.get("/api/v1/settings/agent")).json()).toMatchObject({
    mode: "llm",
    dataClasses: ["telemetry", "costs", "inventory", "findings"],
  });
});
