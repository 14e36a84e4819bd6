import { expect, test } from "@playwright/test";
import { ConsolePage } from "./pages/console-page";
import { everyConsolePage, openSettled, sendLongNamedTrace, sidewaysOverflow } from "./pages/every-page";

// No page of the console scrolls sideways at a desktop, a laptop or a phone width: wide tables scroll
// inside their card (and nothing else does), long names wrap or are cut with the whole name on hover,
// the sidebar becomes a menu.

const WIDTHS = [1440, 1024, 390];

for (const width of WIDTHS) {
  test(`no page is wider than the window at ${width} px`, async ({ page, baseURL }) => {
    test.setTimeout(240_000);
    await page.setViewportSize({ width, height: 900 });
    const overflowing: string[] = [];
    const check = async (name: string) => {
      const { overflow, culprits, cards } = await sidewaysOverflow(page);
      if (overflow > 0) overflowing.push(`${name}: ${overflow}px wider, past the edge: ${culprits.join(", ")}`);
      for (const card of cards) overflowing.push(`${name}: ${card}`);
    };

    await test.step("sign-in", async () => {
      await openSettled(page, "/sign-in");
      await check("sign-in");
    });
    await ConsolePage.signedIn(page, "admin");
    const longTraceId = await sendLongNamedTrace(page, baseURL as string);
    for (const { name, path } of await everyConsolePage(page, longTraceId, baseURL as string)) {
      await test.step(`${name} (${path})`, async () => {
        await openSettled(page, path);
        await check(name);
      });
    }
    expect(overflowing).toEqual([]);
  });
}

test.describe("below 1,200 px the areas are behind a menu button", () => {
  test("at 390 px the menu opens, leads to a page and closes; Escape closes it too", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    const console = await ConsolePage.signedIn(page, "finops");
    const menu = page.getByRole("button", { name: "Menu" });

    await test.step("the areas are hidden until the menu opens", async () => {
      await expect(menu).toHaveAttribute("aria-expanded", "false");
      await expect(console.nav).toBeHidden();
      // The button is in the server's HTML before React hydrates it: a tap that came before the
      // page was hydrated did nothing (it failed one loaded clean-clone run), so tap until it opens.
      await expect(async () => {
        if ((await menu.getAttribute("aria-expanded")) !== "true") await menu.click();
        await expect(menu).toHaveAttribute("aria-expanded", "true", { timeout: 1_000 });
      }).toPass({ timeout: 15_000 });
      await expect(console.nav).toBeVisible();
    });

    await test.step("choosing an area opens it and closes the menu", async () => {
      await console.nav.getByRole("link", { name: "Costs", exact: true }).click();
      await expect(console.heading).toHaveText("Costs");
      await expect(menu).toHaveAttribute("aria-expanded", "false");
      await expect(console.nav).toBeHidden();
    });

    await test.step("Escape closes it and gives the focus back to the button", async () => {
      await menu.click();
      await expect(console.nav).toBeVisible();
      await page.keyboard.press("Escape");
      await expect(console.nav).toBeHidden();
      await expect(menu).toHaveAttribute("aria-expanded", "false");
      await expect(menu).toBeFocused();
    });
  });

  test("at 1440 px the areas are always shown and there is no menu button", async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    const console = await ConsolePage.signedIn(page, "finops");
    await expect(console.nav).toBeVisible();
    await expect(page.getByRole("button", { name: "Menu" })).toBeHidden();
  });
});
