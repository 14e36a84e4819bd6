import { expect, type Locator, type Page } from "@playwright/test";

/** The console shell: navigation and the page's main heading. */
export class ConsolePage {
  readonly nav: Locator;
  readonly heading: Locator;
  readonly statusBadge: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByRole("navigation", { name: "Areas" });
    this.heading = page.getByRole("heading", { level: 1 });
    this.statusBadge = page.getByTestId("status-badge");
  }

  async open(path: string) {
    await this.page.goto(path);
  }

  async navigateTo(label: string) {
    await this.nav.getByRole("link", { name: new RegExp(`^${label}`) }).click();
    await expect(this.heading).toHaveText(label);
  }

  async screenshot(name: string) {
    await this.page.screenshot({ path: `e2e/screenshots/${name}.png`, fullPage: true });
  }
}
