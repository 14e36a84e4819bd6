import { describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { registerService } from "@/lib/services/register-service";
import { roleCtx, uniqueName } from "@/test/factories";
import { ingestOtlpJson } from "@/test/span-factory";
import { rollupSpans } from "./rollup-spans";
import { getServiceDetail, getServiceMap } from "./service-detail";

const viewer = roleCtx("viewer");
const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");

/** A caller's entry span calling a callee, `n` times in one minute two to three days ago; every other callee call fails. */
async function calls(caller: string, callee: string, n: number) {
  const minute = Math.floor((Date.now() - (2 * 1440 + Math.floor(Math.random() * 1440)) * 60_000) / 60_000) * 60_000;
  const salt = Math.floor(Math.random() * 2 ** 32);
  const span = (service: string, i: number, child: boolean) => ({
    resource: { attributes: [{ key: "service.name", value: { stringValue: service } }] },
    scopeSpans: [
      {
        spans: [
          {
            traceId: hex(salt, 16) + hex(minute + i, 16),
            spanId: hex(i * 2 + (child ? 2 : 1), 16),
            parentSpanId: child ? hex(i * 2 + 1, 16) : "",
            name: child ? "GET /callee" : "POST /caller",
            kind: 2,
            startTimeUnixNano: String(BigInt(minute + i * 100 + (child ? 1 : 0)) * 1_000_000n),
            endTimeUnixNano: String(BigInt(minute + i * 100 + (child ? 11 : 40)) * 1_000_000n),
            status: { code: child && i % 2 ? 2 : 1 },
          },
        ],
      },
    ],
  });
  const resourceSpans = Array.from({ length: n }, (_, i) => [span(caller, i, false), span(callee, i, true)]).flat();
  await ingestOtlpJson(systemCtx("test"), JSON.stringify({ resourceSpans }));
  await rollupSpans(systemCtx("test"), { from: new Date(minute), to: new Date(minute + 59_000) });
  return { from: new Date(minute).toISOString(), to: new Date(minute + 60_000).toISOString() };
}

describe("service detail and map", () => {
  it("finds a service that sent spans or is in the catalog, and not one that is neither", async () => {
    const [caller, callee] = [uniqueName("caller"), uniqueName("callee")];
    const window = await calls(caller, callee, 4);
    const detail = await getServiceDetail(viewer, callee, window);
    expect(detail.upstream).toEqual([expect.objectContaining({ service: caller, calls: 4, errors: 2 })]);
    expect(detail.summary).toMatchObject({ requests: 4, errors: 2 });
    expect(detail.summary.p95Ms).toBeGreaterThan(5);
    const listed = uniqueName("catalog");
    await registerService(systemCtx("test"), { name: listed, team: "sre" });
    const quiet = await getServiceDetail(viewer, listed, window);
    expect(quiet.operations).toEqual([]);
    expect(quiet.summary).toEqual({ requests: 0, errors: 0, p95Ms: null });
    await expect(getServiceDetail(viewer, uniqueName("nobody"), window)).rejects.toMatchObject({ code: "not_found" });
    await expect(getServiceDetail(viewer, "", window)).rejects.toMatchObject({ code: "bad_request" });
  });

  it("gives the map a node per service with its entry requests, errors and p95", async () => {
    const [caller, callee] = [uniqueName("caller"), uniqueName("callee")];
    const window = await calls(caller, callee, 6);
    const map = await getServiceMap(viewer, window);
    expect(map.edges).toContainEqual({ caller, callee, calls: 6, errors: 3 });
    const node = (service: string) => map.nodes.find((n) => n.service === service);
    expect(node(caller)).toMatchObject({ requests: 6, errors: 0 });
    expect(node(caller)?.p95Ms).toBeGreaterThan(20);
    expect(node(callee)).toMatchObject({ requests: 6, errors: 3 });
  });
});
