import { describe, expect, it } from "vitest";
import { monthText, scheduleText } from "./offhours-format";

describe("scheduleText", () => {
  it("names the night window, the weekends and the zone", () => {
    const base = { offHour: 19, onHour: 7, weekends: true, timezone: "UTC" };
    expect(scheduleText(base)).toBe("off 19:00–07:00 and weekends, UTC");
    expect(scheduleText({ ...base, weekends: false, timezone: "Europe/Berlin" })).toBe(
      "off 19:00–07:00, Europe/Berlin",
    );
    expect(scheduleText({ ...base, offHour: 7 })).toBe("off weekends, UTC");
    expect(scheduleText({ ...base, offHour: 7, weekends: false })).toBe("never off, UTC");
    expect(scheduleText({ ...base, offHour: 1, onHour: 5 })).toBe("off 01:00–05:00 and weekends, UTC");
  });
});

describe("monthText", () => {
  it("spells a month out, and leaves anything else as it is", () => {
    expect(monthText("2026-12")).toBe("December 2026");
    expect(monthText("2027-01")).toBe("January 2027");
    expect(monthText("soon")).toBe("soon");
  });
});
