import type { Metadata } from "next";
import { pageCtx } from "@/lib/auth/page-ctx";
import type { SearchParams } from "@/lib/http/page-params";
import { getServiceMap } from "@/lib/traces/service-detail";
import { PageHeader } from "../_components/not-built";
import { WindowTabs } from "../services/_red/red-table";
import { windowOf } from "../services/_red/windows";

export const metadata: Metadata = { title: "Service map" };
export const dynamic = "force-dynamic";

const WIDTH = 900;
const HEIGHT = 520;
const NODE_RADIUS = 54;

/** Services on a circle, biggest callers first; an edge's width follows its call rate. */
function layout(edges: { caller: string; callee: string; calls: number }[]) {
  const weight = new Map<string, number>();
  for (const edge of edges) {
    weight.set(edge.caller, (weight.get(edge.caller) ?? 0) + edge.calls);
    weight.set(edge.callee, (weight.get(edge.callee) ?? 0) + edge.calls / 2);
  }
  const names = [...weight.keys()].sort((a, b) => (weight.get(b) ?? 0) - (weight.get(a) ?? 0) || a.localeCompare(b));
  const radius = Math.min(WIDTH, HEIGHT) / 2 - 70;
  return new Map(
    names.map((name, i) => {
      const angle = (2 * Math.PI * i) / names.length - Math.PI / 2;
      return [name, { x: WIDTH / 2 + radius * Math.cos(angle), y: HEIGHT / 2 + radius * Math.sin(angle) }];
    }),
  );
}

type Edge = Awaited<ReturnType<typeof getServiceMap>>["edges"][number];
type Point = { x: number; y: number };

export default async function ServiceMapPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { ctx } = await pageCtx("read");
  const { window, from, to } = windowOf((await searchParams).window, "1h");
  const map = await getServiceMap(ctx, { from: from.toISOString(), to: to.toISOString() });
  const minutes = (to.getTime() - from.getTime()) / 60_000;
  return (
    <>
      <PageHeader
        title="Service map"
        subtitle="Which service calls which, from traces: width is calls per minute, red is the error share"
      />
      <section className="card">
        <div className="card-head">
          <WindowTabs current={window} href={(key) => `/service-map?window=${key}`} />
          <span className="muted">{map.edges.length} edges</span>
        </div>
        {map.edges.length === 0 ? (
          <p className="empty-note">No calls between traced services in this window.</p>
        ) : (
          <ServiceMap edges={map.edges} minutes={minutes} />
        )}
      </section>
    </>
  );
}

function ServiceMap({ edges, minutes }: { edges: Edge[]; minutes: number }) {
  const positions = layout(edges);
  const maxCalls = Math.max(1, ...edges.map((edge) => edge.calls));
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      className="service-map"
      role="img"
      aria-label="Service map"
      data-testid="service-map"
    >
      <defs>
        <marker
          id="arrow"
          viewBox="0 0 10 10"
          refX="10"
          refY="5"
          markerWidth="12"
          markerHeight="12"
          markerUnits="userSpaceOnUse"
          orient="auto-start-reverse"
        >
          <path d="M 0 0 L 10 5 L 0 10 z" fill="#94a3b8" />
        </marker>
      </defs>
      {edges.map((edge) => {
        const a = positions.get(edge.caller);
        const b = positions.get(edge.callee);
        if (!a || !b) return null;
        return (
          <EdgeArrow
            key={`${edge.caller}->${edge.callee}`}
            edge={edge}
            a={a}
            b={b}
            width={1 + 7 * (edge.calls / maxCalls)}
            minutes={minutes}
          />
        );
      })}
      {[...positions].map(([name, p]) => (
        <a key={name} href={`/services/${encodeURIComponent(name)}`}>
          <circle cx={p.x} cy={p.y} r={NODE_RADIUS} className="node" />
          <text x={p.x} y={p.y + 4} className="node-label">
            {name.length > 16 ? `${name.slice(0, 15)}…` : name}
          </text>
        </a>
      ))}
    </svg>
  );
}

/** A call edge from caller `a` to callee `b`, stopping at the callee's circle, labelled with its rate. */
function EdgeArrow({ edge, a, b, width, minutes }: { edge: Edge; a: Point; b: Point; width: number; minutes: number }) {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length = Math.hypot(dx, dy) || 1;
  const end = { x: b.x - (dx / length) * (NODE_RADIUS + 4), y: b.y - (dy / length) * (NODE_RADIUS + 4) };
  const errorShare = edge.calls ? edge.errors / edge.calls : 0;
  return (
    <g>
      <line
        x1={a.x}
        y1={a.y}
        x2={end.x}
        y2={end.y}
        stroke={errorShare > 0.01 ? "#dc2626" : "#94a3b8"}
        strokeWidth={width}
        strokeOpacity={0.7}
        markerEnd="url(#arrow)"
      />
      <text x={(a.x + b.x) / 2} y={(a.y + b.y) / 2 - 6} className="edge-label">
        {(edge.calls / minutes).toFixed(1)}/min
        {errorShare > 0 ? ` · ${(errorShare * 100).toFixed(1)}% err` : ""}
      </text>
    </g>
  );
}
