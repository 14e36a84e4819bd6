import { describe, expect, it } from "vitest";
import { formatUsd, formatUsdTick, fromScaled, sumMoney, toScaled } from "./decimal";

describe("money", () => {
  it("adds decimal strings exactly where floats drift", () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(sumMoney(["0.1", "0.2"])).toBe("0.3");
    expect(sumMoney(["18.006639", "1.976514", "0.537074"])).toBe("20.520227");
  });

  it("round-trips negatives, zero and the full 10-digit scale", () => {
    for (const value of ["0", "-0.5", "12345678901234.0123456789", "-3"]) {
      expect(fromScaled(toScaled(value))).toBe(value);
    }
  });

  it("rejects amounts that are not plain decimals or exceed the scale", () => {
    expect(() => toScaled("1e5")).toThrow(/Not a decimal/);
    expect(() => toScaled("0.1234567890123456789")).toThrow(/fraction digits/);
  });

  it("formats for display, rounding half away from zero to cents", () => {
    expect(formatUsd("1234567.125")).toBe("$1,234,567.13");
    expect(formatUsd("-0.004")).toBe("$0.00");
    expect(formatUsd("-12.345")).toBe("-$12.35");
    expect(formatUsd("999.995")).toBe("$1,000.00");
  });
});

describe("the one money formatter", () => {
  it("writes every amount with cents, and other currencies with their code, never as dollars", () => {
    expect(formatUsd("281")).toBe("$281.00");
    expect(formatUsd("79.2634")).toBe("$79.26");
    expect(formatUsd("1234.5", { currency: "EUR" })).toBe("1,234.50 EUR");
    expect(formatUsd("-0.5", { currency: "jpy" })).toBe("-0.50 JPY");
    expect(formatUsd("12", { currency: "USD" })).toBe("$12.00");
  });

  it("keeps four places for a unit price below a dollar, cents above", () => {
    expect(formatUsd("0.031415", { unitPrice: true })).toBe("$0.0314");
    expect(formatUsd("79.2634", { unitPrice: true })).toBe("$79.26");
    expect(formatUsd("-0.00005", { unitPrice: true })).toBe("-$0.0001");
  });

  it("writes axis ticks compactly without float noise", () => {
    expect(formatUsdTick(0)).toBe("$0");
    expect(formatUsdTick(0.1 + 0.2)).toBe("$0.3");
    expect(formatUsdTick(100)).toBe("$100");
    expect(formatUsdTick(12_000)).toBe("$12k");
    expect(formatUsdTick(1_500_000)).toBe("$1.5M");
    expect(formatUsdTick(-2500)).toBe("-$2.5k");
    expect(formatUsdTick(Number.NaN)).toBe("");
  });
});
