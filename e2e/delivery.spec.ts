import { expect, test } from "@playwright/test";
import { completeDays } from "@/lib/time";
import { formatMinutes, formatPerWeek, formatRatio } from "../app/(console)/delivery/dora-format";
import { type DoraAnswer, DeliveryPage, type DoraTileView } from "./pages/delivery-page";

// The demo's deliveries seen where people look: the Delivery page's four keys with their tiers,
// the Overview's MTTR and deployment frequency equal to GET /api/v1/dora for the same window
// (one question, one number), and a service's deploys and incidents on its RED charts.

const TIER = /^(elite|high|medium|low)$/;

/** A tile shows the API's figure and its 2023 tier, with the 2021 tier in the tier's title. */
async function expectFigure(
  tile: DoraTileView,
  text: string,
  tiers: { tier2021: string | null; tier2023: string | null },
) {
  await expect(tile.value).toHaveText(text);
  await expect(tile.tier).toHaveText(tiers.tier2023 ?? "no tier");
  await expect(tile.tier).toHaveAttribute("title", new RegExp(`2021 table: ${tiers.tier2021 ?? "no tier"}`));
}

test("the Delivery page shows the four keys with their tiers, as GET /api/v1/dora gives them", async ({ page }) => {
  const delivery = new DeliveryPage(page);
  await delivery.openAs("viewer", "/delivery", "Delivery");
  const api = await delivery.dora();

  await test.step("each key has a figure and a tier: the demo has deployments, changes and incidents", async () => {
    for (const id of ["tile-deploy-frequency", "tile-lead-time", "tile-change-failure-rate", "tile-mttr"]) {
      await expect(delivery.tile(id).value).toBeVisible();
      await expect(delivery.tile(id).tier).toHaveText(TIER);
    }
  });

  await test.step("the figures are the API's for the last 30 complete days", async () => {
    await expectFigure(
      delivery.tile("tile-deploy-frequency"),
      formatPerWeek(api.deploymentFrequency.perWeek),
      api.deploymentFrequency,
    );
    await expectFigure(
      delivery.tile("tile-lead-time"),
      formatMinutes(api.leadTimeForChanges.medianMinutes),
      api.leadTimeForChanges,
    );
    await expectFigure(
      delivery.tile("tile-change-failure-rate"),
      formatRatio(api.changeFailureRate.ratio),
      api.changeFailureRate,
    );
    await expectFigure(delivery.tile("tile-mttr"), formatMinutes(api.timeToRestore.medianMinutes), api.timeToRestore);
  });

  await test.step("the weekly charts are drawn and every demo team has a row", async () => {
    await expect(page.getByTestId("chart-deployments").locator("svg.recharts-surface")).toBeVisible();
    await expect(page.getByTestId("dora-teams").getByRole("row")).toHaveCount(1 + 5);
  });

  await test.step("each incident says which deployment it is counted against and why", async () => {
    const reasons = page.getByTestId("incidents").getByTestId("link-reason");
    await expect(reasons.first()).toHaveText(
      /^last successful production deployment before it, finished \d{4}-\d\d-\d\d \d\d:\d\d UTC$|^linked by /,
    );
  });
});

for (const [window, days] of [
  ["30d", 30],
  ["90d", 90],
] as const) {
  test(`the Overview's MTTR and deployment frequency over ${window} are GET /api/v1/dora's for the same days`, async ({
    page,
  }) => {
    const overview = new DeliveryPage(page);
    await overview.openAs("viewer", `/?window=${window}`, "Overview");
    const api: DoraAnswer = await overview.dora(new URLSearchParams(completeDays(days)).toString());
    if (window === "30d") expect(await overview.dora()).toEqual(api);
    const mttr = overview.tile("tile-mttr");
    await expectFigure(mttr, formatMinutes(api.timeToRestore.medianMinutes), api.timeToRestore);
    await expect(mttr.tile).toContainText(`mean ${formatMinutes(api.timeToRestore.meanMinutes)}`);
    await expect(mttr.tile).toContainText(/median time to restore/i);
    await expectFigure(
      overview.tile("tile-deploy-frequency"),
      formatPerWeek(api.deploymentFrequency.perWeek),
      api.deploymentFrequency,
    );
    await expect(page.getByTestId("tile-deploy-frequency-change")).toHaveText(
      /^[▲▼=] [\d.]+ \/ week vs the \d+ days before$/,
    );
  });
}

test("a service page marks its production deployments and incidents on the RED charts", async ({ page }) => {
  const service = new DeliveryPage(page);
  await service.openAs("sre", "/services/ledger?window=24h", "ledger");
  const response = await page.request.get("/api/v1/delivery/deployments?service=ledger&environment=PRODUCTION&limit=1");
  const [latest] = ((await response.json()) as { items: { version: string; commitCount: number }[] }).items;

  await test.step("the release of twenty hours ago is a marker whose hover names its version and commits", async () => {
    await expect(service.deployMarkers).not.toHaveCount(0);
    const titles = await service.deployMarkers.locator("title").allTextContents();
    expect(
      titles.some((title) => title.includes(latest.version) && title.includes(`${latest.commitCount} commit`)),
    ).toBe(true);
  });

  await test.step("the incident it caused is shaded on the same timeline, and listed below with its link", async () => {
    await expect(service.incidentAreas).not.toHaveCount(0);
    await expect(page.getByTestId("deployments").getByRole("row").nth(1)).toBeVisible();
    await expect(page.getByTestId("incidents").getByText(latest.version).first()).toBeVisible();
  });
});
