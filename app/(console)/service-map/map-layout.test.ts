import { describe, expect, it } from "vitest";
import { edgePath, HEIGHT, NODE_RADIUS, placeNodes, WIDTH } from "./map-layout";

const centre = { x: WIDTH / 2, y: HEIGHT / 2 };
const fromCentre = (p: { x: number; y: number }) => Math.hypot(p.x - centre.x, p.y - centre.y);

/** Points along a path `M x y Q cx cy x y`. */
function samples(d: string) {
  const [x0, y0, cx, cy, x1, y1] = d.match(/-?\d+(\.\d+)?/g)?.map(Number) ?? [];
  return Array.from({ length: 21 }, (_, i) => {
    const t = i / 20;
    const u = 1 - t;
    return { x: u * u * x0 + 2 * u * t * cx + t * t * x1, y: u * u * y0 + 2 * u * t * cy + t * t * y1 };
  });
}

describe("service map layout", () => {
  it("puts every label outside the ring and every edge inside it, for 2 to 16 services", () => {
    for (let n = 2; n <= 16; n++) {
      const names = Array.from({ length: n }, (_, i) => `svc-${i}`);
      const places = placeNodes(names);
      const ring = fromCentre(places.get("svc-0") ?? centre);
      for (const place of places.values()) {
        expect(fromCentre(place.label), `${n} services`).toBeGreaterThan(ring + NODE_RADIUS);
        expect(place.label.x).toBeGreaterThanOrEqual(0);
        expect(place.label.x).toBeLessThanOrEqual(WIDTH);
        expect(place.label.y).toBeGreaterThanOrEqual(0);
        expect(place.label.y).toBeLessThanOrEqual(HEIGHT - 14);
      }
      for (const a of places.values())
        for (const b of places.values()) {
          if (a === b) continue;
          for (const point of samples(edgePath(a, b).d)) expect(fromCentre(point)).toBeLessThan(ring + NODE_RADIUS);
        }
    }
  });

  it("draws a call and its answer back as two separate curves", () => {
    const places = placeNodes(["a", "b", "c"]);
    const [a, b] = [places.get("a"), places.get("b")];
    if (!a || !b) throw new Error("placed");
    const there = edgePath(a, b).mid;
    const back = edgePath(b, a).mid;
    expect(Math.hypot(there.x - back.x, there.y - back.y)).toBeGreaterThan(20);
  });
});
