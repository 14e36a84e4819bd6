import { expect, type Locator, type Page } from "@playwright/test";

export type DemoRole = "viewer" | "sre" | "finops" | "admin";

/** The sign-in page: the password form and the demo's one-click role buttons. */
export class SignInPage {
  readonly email: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.email = page.getByRole("textbox", { name: "Email" });
    this.password = page.getByLabel("Password", { exact: true });
    this.submit = page.getByRole("button", { name: "Sign in", exact: true });
    this.error = page.getByTestId("sign-in-error");
  }

  async open() {
    await this.page.goto("/sign-in");
    await expect(this.page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  }

  async withPassword(email: string, password: string) {
    await this.open();
    await this.email.fill(email);
    await this.password.fill(password);
    await this.submit.click();
  }

  /** Signs in as the demo user of a role and waits for the overview. */
  async asDemo(role: DemoRole) {
    await this.open();
    await this.page.getByRole("button", { name: `Sign in as demo ${role}` }).click();
    await expect(this.page.getByRole("heading", { level: 1 })).toHaveText("Overview");
    await expect(this.page.getByTestId("user-role")).toContainText(role);
  }
}
