import { expect, test } from "@playwright/test";
import { SignInPage } from "./pages/sign-in-page";

test("a person added by an admin signs in with the one-time password and must choose their own", async ({ page }) => {
  const signIn = new SignInPage(page);
  const email = `sre-${Date.now()}@bank.example`;

  await test.step("an admin adds them as an SRE and sees the one-time password once", async () => {
    await signIn.asDemo("admin");
    await page.goto("/access");
    await page.getByRole("textbox", { name: "Email" }).fill(email);
    await page.getByRole("combobox", { name: "Role", exact: true }).selectOption("sre");
    await page.getByRole("button", { name: "Add person" }).click();
    await expect(page.getByTestId("one-time-password")).toHaveText(/^[A-Za-z2-9]{20}$/);
  });
  const oneTimePassword = (await page.getByTestId("one-time-password").textContent()) as string;
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);

  await test.step("the one-time password leads only to the account page", async () => {
    await signIn.withPassword(email, oneTimePassword);
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("must-change-password")).toBeVisible();
    await page.goto("/services");
    await expect(page).toHaveURL(/\/account$/);
    await page.screenshot({ path: "e2e/screenshots/account.png", fullPage: true });
  });

  await test.step("after choosing a password the console opens", async () => {
    await page.getByLabel("Current password").fill(oneTimePassword);
    await page.getByLabel("New password (at least 12 characters)").fill("my-own-password-42");
    await page.getByLabel("New password again").fill("my-own-password-42");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Password changed" })).toHaveText(
      "Password changed. Your other sessions were signed out.",
    );
    await expect(page.getByTestId("must-change-password")).toHaveCount(0);
    await page.goto("/services");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Services & SLOs");
    await expect(page.getByTestId("user-role")).toHaveText("sre");
  });
});

test("pages and the API send the security headers, and the console runs under its Content-Security-Policy", async ({
  page,
  request,
}) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) =>
      console.error(`Refused to load ${event.blockedURI} (${event.violatedDirective})`),
    );
  });

  await test.step("a page and an API answer carry the headers", async () => {
    const signInPage = await page.goto("/sign-in");
    const api = await request.get("/api/health");
    for (const headers of [signInPage?.headers() ?? {}, api.headers()]) {
      expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
      expect(headers["content-security-policy"]).toContain("default-src 'self'");
      expect(headers["x-content-type-options"]).toBe("nosniff");
      expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
      expect(headers["x-frame-options"]).toBe("DENY");
    }
  });

  await test.step("sign-in, the overview and the costs charts work with no policy violation", async () => {
    await new SignInPage(page).asDemo("finops");
    await expect(page.locator("svg.recharts-surface").first()).toBeVisible();
    await page.goto("/costs");
    await expect(page.locator("svg.recharts-surface").first()).toBeVisible();
    await page.goto("/audit");
    await expect(page.getByTestId("audit-table")).toBeVisible();
    expect(violations).toEqual([]);
  });
});

test("an admin's role change and Disable ask first, and Cancel leaves the person as they were", async ({
  page,
  baseURL,
}) => {
  await new SignInPage(page).asDemo("admin");
  // Sorted first in the people table, which lists by email.
  const email = `aaa-cancel-${Date.now()}@bank.example`;
  const created = await page.request.post("/api/v1/users", {
    data: { email, role: "viewer" },
    headers: { origin: baseURL as string },
  });
  expect(created.status()).toBe(201);
  const stored = async () => {
    const list = (await (await page.request.get("/api/v1/users?limit=200")).json()) as {
      items: { email: string; role: string; disabled: boolean }[];
    };
    return list.items.find((user) => user.email === email);
  };
  await page.goto("/access");
  const row = page.getByTestId("users-table").getByRole("row").filter({ hasText: email });
  const role = row.getByRole("combobox", { name: `Role of ${email}` });

  await test.step("Cancel on the Disable prompt does not disable them", async () => {
    await row.getByRole("button", { name: "Disable" }).click();
    const prompt = page.getByRole("dialog", { name: `Disable ${email}?` });
    await expect(prompt.getByLabel("Reason (kept in the audit trail)")).toBeVisible();
    await prompt.getByRole("button", { name: "Cancel" }).click();
    await expect(prompt).toBeHidden();
    await page.reload();
    await expect(row).toContainText("active");
    expect(await stored()).toMatchObject({ disabled: false, role: "viewer" });
  });

  await test.step("Escape on the role prompt keeps the role", async () => {
    await role.selectOption("finops");
    const prompt = page.getByRole("dialog", { name: `Change the role of ${email} from viewer to finops?` });
    await expect(prompt).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(prompt).toBeHidden();
    await expect(role).toHaveValue("viewer");
    expect(await stored()).toMatchObject({ disabled: false, role: "viewer" });
  });

  await test.step("confirming changes the role, then disables them, with the reason in the audit trail", async () => {
    await role.selectOption("finops");
    const rolePrompt = page.getByRole("dialog", { name: /from viewer to finops/ });
    await rolePrompt.getByLabel("Reason (kept in the audit trail)").fill("moved to FinOps");
    await rolePrompt.getByRole("button", { name: "Change role" }).click();
    await expect(role).toHaveValue("finops");
    await row.getByRole("button", { name: "Disable" }).click();
    await page
      .getByRole("dialog", { name: `Disable ${email}?` })
      .getByRole("button", { name: "Disable" })
      .click();
    await expect(row).toContainText("disabled");
    expect(await stored()).toMatchObject({ disabled: true, role: "finops" });
    const audit = await page.request.get(`/api/v1/audit?target=${encodeURIComponent(`user:${email}`)}`);
    expect(JSON.stringify(await audit.json())).toContain("moved to FinOps");
  });
});
