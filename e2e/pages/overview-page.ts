import type { Locator, Page } from "@playwright/test";
import { ConsolePage } from "./console-page";

export class OverviewPage extends ConsolePage {
  readonly servicesTable: Locator;
  readonly spendChart: Locator;
  readonly spendTile: Locator;

  constructor(page: Page) {
    super(page);
    this.servicesTable = page.getByTestId("services-table");
    this.spendChart = page.getByTestId("spend-chart");
    this.spendTile = page.getByTestId("tile-spend");
  }

  serviceRow(name: string): Locator {
    return this.servicesTable.getByRole("row").filter({ has: this.page.getByRole("cell", { name, exact: true }) });
  }

  /** Bars Recharts drew: one rectangle per (day, service) stack segment. */
  bars(): Locator {
    return this.spendChart.locator(".recharts-bar-rectangle path");
  }

  legendItem(name: string): Locator {
    return this.spendChart.locator(".recharts-legend-item-text", { hasText: name });
  }
}
