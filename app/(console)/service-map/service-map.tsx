import type { Health } from "@/lib/services/service-health";
import type { ServiceMap as MapData, ServiceNode } from "@/lib/traces/service-detail";
import { formatMs } from "../services/_red/windows";
import { edgePath, HEIGHT, NODE_RADIUS, type NodePlace, placeNodes, WIDTH } from "./map-layout";
import styles from "./service-map.module.css";

type Edge = MapData["edges"][number];
export type HealthyNode = ServiceNode & { health: Health };

/** An edge's colour class: by the share of its calls that failed. */
const edgeClass = (edge: Edge) => {
  const share = edge.calls ? edge.errors / edge.calls : 0;
  return share >= 0.05 ? styles.bad : share >= 0.01 ? styles.warn : styles.idle;
};

const clip = (name: string, max = 22) => (name.length > max ? `${name.slice(0, max - 1)}…` : name);

/** The call graph: nodes coloured by health, labelled outside the ring; edges as bowed arrows. */
export function ServiceMapDrawing({ nodes, edges, minutes }: { nodes: HealthyNode[]; edges: Edge[]; minutes: number }) {
  const places = placeNodes(nodes.map((node) => node.service));
  const maxCalls = Math.max(1, ...edges.map((edge) => edge.calls));
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      className={styles.map}
      role="img"
      aria-label="Service map"
      data-testid="service-map"
    >
      <defs>
        {[styles.idle, styles.warn, styles.bad].map((tone, i) => (
          <marker
            key={tone}
            id={`arrow-${i}`}
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="10"
            markerHeight="10"
            markerUnits="userSpaceOnUse"
            orient="auto-start-reverse"
            className={tone}
          >
            <path d="M 0 0 L 10 5 L 0 10 z" fill="currentColor" />
          </marker>
        ))}
      </defs>
      {edges.map((edge) => {
        const a = places.get(edge.caller);
        const b = places.get(edge.callee);
        if (!a || !b) return null;
        return (
          <EdgeArrow
            key={`${edge.caller}->${edge.callee}`}
            edge={edge}
            a={a}
            b={b}
            minutes={minutes}
            width={1.5 + 6 * (edge.calls / maxCalls)}
          />
        );
      })}
      {nodes.map((node) => {
        const place = places.get(node.service);
        return place ? <NodeMark key={node.service} node={node} place={place} minutes={minutes} /> : null;
      })}
    </svg>
  );
}

function NodeMark({ node, place, minutes }: { node: HealthyNode; place: NodePlace; minutes: number }) {
  const figures = node.requests
    ? `${(node.requests / minutes).toFixed(1)}/min · ${((node.errors / node.requests) * 100).toFixed(1)}% err · p95 ${formatMs(node.p95Ms)}`
    : "no entry requests";
  return (
    <a href={`/services/${encodeURIComponent(node.service)}`} data-testid="map-node" data-health={node.health}>
      <title>{`${node.service}: ${node.health}, ${figures}`}</title>
      <circle cx={place.x} cy={place.y} r={NODE_RADIUS} className={`${styles.node} ${styles[node.health]}`} />
      <text x={place.label.x} y={place.label.y} textAnchor={place.label.anchor} className={styles.label}>
        {clip(node.service)}
      </text>
      <text x={place.label.x} y={place.label.y + 14} textAnchor={place.label.anchor} className={styles.figures}>
        {figures}
      </text>
    </a>
  );
}

/** A call edge from caller `a` to callee `b`; hovering it shows its rate and error share. */
function EdgeArrow({
  edge,
  a,
  b,
  width,
  minutes,
}: {
  edge: Edge;
  a: NodePlace;
  b: NodePlace;
  width: number;
  minutes: number;
}) {
  const { d, mid } = edgePath(a, b);
  const tone = edgeClass(edge);
  const marker = [styles.idle, styles.warn, styles.bad].indexOf(tone);
  const share = edge.calls ? edge.errors / edge.calls : 0;
  const text = `${(edge.calls / minutes).toFixed(1)}/min${share > 0 ? ` · ${(share * 100).toFixed(1)}% err` : ""}`;
  return (
    <g className={`${styles.edgeGroup} ${tone}`} data-testid="map-edge">
      <title>{`${edge.caller} → ${edge.callee}: ${text}`}</title>
      <path d={d} className={styles.edge} strokeWidth={width} markerEnd={`url(#arrow-${marker})`} />
      <text x={mid.x} y={mid.y - 6} className={styles.edgeLabel}>
        {text}
      </text>
    </g>
  );
}
