export const WIDTH = 900;
export const HEIGHT = 560;
export const NODE_RADIUS = 22;
/** Room outside the ring of nodes for their labels (name and figures). */
const LABEL_ROOM = 120;

export type Point = { x: number; y: number };

export interface NodePlace extends Point {
  /** Where its label starts, outside the ring so no edge (all inside the ring) runs under it. */
  label: Point & { anchor: "start" | "middle" | "end" };
}

/** Services on a circle, busiest first from the top, clockwise; a lone service in the middle. */
export function placeNodes(names: string[]): Map<string, NodePlace> {
  const centre = { x: WIDTH / 2, y: HEIGHT / 2 };
  const radius = Math.min(WIDTH, HEIGHT) / 2 - LABEL_ROOM / 2 - NODE_RADIUS;
  return new Map(
    names.map((name, i) => {
      if (names.length === 1)
        return [name, { ...centre, label: { x: centre.x, y: centre.y + NODE_RADIUS + 16, anchor: "middle" } }];
      const angle = (2 * Math.PI * i) / names.length - Math.PI / 2;
      const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
      const at = { x: centre.x + radius * cos, y: centre.y + radius * sin };
      const out = NODE_RADIUS + 10;
      const anchor = cos > 0.3 ? "start" : cos < -0.3 ? "end" : "middle";
      // Labels above the ring sit higher (their two lines grow downwards from the anchor).
      const lift = sin < -0.3 ? -14 : sin > 0.3 ? 10 : 0;
      return [name, { ...at, label: { x: at.x + cos * out, y: at.y + sin * out + lift, anchor } }];
    }),
  );
}

/**
 * A call from `a` to `b` as a quadratic curve between the two circles' edges, bowed to its right so
 * a call back the other way is a separate curve; `mid` is where its label goes.
 */
export function edgePath(a: Point, b: Point): { d: string; mid: Point } {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length = Math.hypot(dx, dy) || 1;
  const [ux, uy] = [dx / length, dy / length];
  const bow = length * 0.12;
  const control = { x: (a.x + b.x) / 2 - uy * bow, y: (a.y + b.y) / 2 + ux * bow };
  const from = towards(a, control, NODE_RADIUS + 2);
  const to = towards(b, control, NODE_RADIUS + 6);
  const mid = { x: 0.25 * from.x + 0.5 * control.x + 0.25 * to.x, y: 0.25 * from.y + 0.5 * control.y + 0.25 * to.y };
  const r = (n: number) => Math.round(n * 10) / 10;
  return { d: `M ${r(from.x)} ${r(from.y)} Q ${r(control.x)} ${r(control.y)} ${r(to.x)} ${r(to.y)}`, mid };
}

/** The point `distance` from `p` in the direction of `q`. */
function towards(p: Point, q: Point, distance: number): Point {
  const length = Math.hypot(q.x - p.x, q.y - p.y) || 1;
  return { x: p.x + ((q.x - p.x) / length) * distance, y: p.y + ((q.y - p.y) / length) * distance };
}
