import type { Locator, Page } from "@playwright/test";
import { ConsolePage } from "./console-page";

/** A DORA tile (Delivery page or Overview): its figure, its tier, its change. */
export class DoraTileView {
  readonly value: Locator;
  readonly tier: Locator;
  readonly empty: Locator;

  constructor(readonly tile: Locator) {
    this.value = tile.getByTestId(/-value$/);
    this.tier = tile.getByTestId("dora-tier");
    this.empty = tile.getByTestId(/-empty$/);
  }
}

/** The Delivery page, the Overview's delivery row and a service page's deploy marks. */
export class DeliveryPage extends ConsolePage {
  constructor(page: Page) {
    super(page);
  }

  tile(testId: string): DoraTileView {
    return new DoraTileView(this.page.getByTestId(testId));
  }

  get deployMarkers(): Locator {
    return this.page.getByTestId("rate-chart").getByTestId("deploy-marker");
  }

  get incidentAreas(): Locator {
    return this.page.getByTestId("rate-chart").getByTestId("incident-area");
  }

  /** GET /api/v1/dora with this query, as the signed-in person. */
  async dora(query = ""): Promise<DoraAnswer> {
    const response = await this.page.request.get(`/api/v1/dora${query ? `?${query}` : ""}`);
    if (response.status() !== 200) throw new Error(`GET /api/v1/dora?${query}: ${response.status()}`);
    return (await response.json()) as DoraAnswer;
  }
}

type Tiers = { tier2021: string | null; tier2023: string | null };
export interface DoraAnswer {
  deploymentFrequency: Tiers & { deployments: number; perWeek: number | null };
  leadTimeForChanges: Tiers & { medianMinutes: number | null };
  changeFailureRate: Tiers & { ratio: number | null };
  timeToRestore: Tiers & { medianMinutes: number | null; meanMinutes: number | null };
}
