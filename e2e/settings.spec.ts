import { expect, test } from "@playwright/test";
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
    await expect(table.locator("tbody tr")).toHaveCount(JOBS.length);
    for (const job of JOBS) {
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
