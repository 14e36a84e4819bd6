import { type Browser, expect } from "@playwright/test";
import { SignInPage } from "./sign-in-page";

/**
 * An admin switches the suite's scripted model on or off (PATCH /api/v1/settings/agent): off, the
 * agent runs its rule-based templates, as it does with no model configured.
 */
export async function switchModel(browser: Browser, baseURL: string, modelEnabled: boolean): Promise<void> {
  const context = await browser.newContext({ baseURL });
  const admin = await context.newPage();
  await new SignInPage(admin).asDemo("admin");
  const answer = await admin.request.patch("/api/v1/settings/agent", {
    data: { modelEnabled },
    headers: { origin: baseURL },
  });
  expect(answer.status()).toBe(200);
  await context.close();
}
