import { describe, expect, it } from "vitest";
import { SloInput } from "@/lib/slo/schemas";
import { fieldOf, formValues, sloBody } from "./slo-form-body";

describe("the SLO form's body", () => {
  it("a new SLO's defaults, once named and given a service, are a valid SloInput", () => {
    const body = sloBody({ ...formValues(), name: "checkout-availability", service: "checkout" });
    const parsed = SloInput.parse(body);
    expect(parsed).toMatchObject({ objectivePercent: 99.9, window: "30d", timeSlice: null, operation: null });
    expect(parsed.sli).toEqual({ type: "availability", errorWhen: "error-status" });
  });

  it("an SLO read back into the form gives the same SLO", () => {
    const slo = SloInput.parse({
      name: "api-latency",
      service: "api",
      operation: "GET /cart",
      sli: { type: "latency", thresholdMs: 250.5 },
      objectivePercent: 99.5,
      window: "1M",
      budgetingMethod: "Timeslices",
      timeSlice: { windowMinutes: 5, targetPercent: 95 },
      alerting: { page: { enabled: false, labels: { team: "core" } } },
    });
    expect(SloInput.parse(sloBody(formValues(slo), slo.alerting))).toEqual(slo);
  });

  it("numbers go as typed, for the API to judge, and blanks are unset", () => {
    const body = sloBody({ ...formValues(), objectivePercent: " 1e3 ", operation: "  " });
    expect(body.objectivePercent).toBe("1e3");
    expect(body.operation).toBeNull();
  });

  it("an API error's field is the form field it names, else the whole form", () => {
    expect(fieldOf("objectivePercent")).toBe("objectivePercent");
    expect(fieldOf("sli.thresholdMs")).toBe("thresholdMs");
    expect(fieldOf("timeSlice.targetPercent")).toBe("sliceTarget");
    expect(fieldOf("alerting.page.enabled")).toBe("pageEnabled");
    expect(fieldOf("labels.x")).toBe("form");
    expect(fieldOf("toString")).toBe("form");
    expect(fieldOf(null)).toBe("form");
  });
});
