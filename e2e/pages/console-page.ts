import { expect, type Locator, type Page } from "@playwright/test";
import { type DemoRole, SignInPage } from "./sign-in-page";

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

  /** The console after signing in as the demo user of a role. */
  static async signedIn(page: Page, role: DemoRole): Promise<ConsolePage> {
    await new SignInPage(page).asDemo(role);
    return new ConsolePage(page);
  }

  async open(path: string) {
    await this.page.goto(path);
  }

  /** Signs in as the demo user of a role and opens a page, checking its heading. */
  async openAs(role: DemoRole, path: string, heading: string) {
    await new SignInPage(this.page).asDemo(role);
    await this.open(path);
    await expect(this.heading).toHaveText(heading);
  }

  async navigateTo(label: string) {
    await this.nav.getByRole("link", { name: new RegExp(`^${label}`) }).click();
    await expect(this.heading).toHaveText(label);
  }

  async screenshot(name: string) {
    await this.page.screenshot({ path: `e2e/screenshots/${name}.png`, fullPage: true });
  }
}
