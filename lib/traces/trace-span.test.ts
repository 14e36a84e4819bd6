import { describe, expect, it } from "vitest";
import { rfc3339Nano } from "./trace-span";

describe("RFC 3339 with nanoseconds", () => {
  it("writes 9 fractional digits, exactly, from 1969 to the end of uint64", () => {
    expect(rfc3339Nano(1796464800123456789n)).toBe("2026-12-05T10:00:00.123456789Z");
    expect(rfc3339Nano(0n)).toBe("1970-01-01T00:00:00.000000000Z");
    expect(rfc3339Nano(-1n)).toBe("1969-12-31T23:59:59.999999999Z");
    expect(rfc3339Nano(2n ** 63n - 1n)).toBe("2262-04-11T23:47:16.854775807Z");
    expect(rfc3339Nano(2n ** 64n - 1n)).toBe("2554-07-21T23:34:33.709551615Z");
  });
});
