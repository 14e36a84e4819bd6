import { ReferenceArea, ReferenceLine } from "recharts";
import styles from "./service.module.css";

/** A production deployment on the RED charts' timeline, with what a hover says about it. */
export interface DeployMark {
  at: number;
  text: string;
}

/** An incident from its creation to its resolution (or the window's end while open). */
export interface IncidentMark {
  from: number;
  to: number;
  text: string;
}

type LinePoints = { x1?: number; y1?: number; x2?: number; y2?: number };
type AreaBox = { x?: number; y?: number; width?: number; height?: number };

const finite = (...values: (number | undefined)[]) => values.every((v) => Number.isFinite(v));

/** A dashed line with a flag on top; the hover area is wider than the line, and says what shipped. */
function deployShape(text: string) {
  return function DeployLine({ x1, y1, x2, y2 }: LinePoints) {
    if (!finite(x1, y1, x2, y2)) return <g />;
    const [x, top, bottom] = [x1 as number, Math.min(y1 as number, y2 as number), Math.max(y1 as number, y2 as number)];
    return (
      <g data-testid="deploy-marker" className={styles.marker}>
        <title>{text}</title>
        <line x1={x} y1={top} x2={x} y2={bottom} stroke="var(--chart-4)" strokeDasharray="4 3" strokeWidth={1.5} />
        <rect x={x - 5} y={top} width={10} height={bottom - top} fill="transparent" />
        <path d={`M${x - 5},${top} L${x + 5},${top} L${x},${top + 8} Z`} fill="var(--chart-4)" />
      </g>
    );
  };
}

function incidentShape(text: string) {
  return function IncidentArea({ x, y, width, height }: AreaBox) {
    if (!finite(x, y, width, height)) return <g />;
    return (
      <g data-testid="incident-area">
        <title>{text}</title>
        <rect x={x} y={y} width={Math.max(width as number, 2)} height={height} fill="var(--bad)" fillOpacity={0.14} />
      </g>
    );
  };
}

/** The marks as chart children: incidents under the deployments. Recharts needs them as direct children. */
export function markElements(deploys: DeployMark[], incidents: IncidentMark[]) {
  return [
    ...incidents.map((i) => (
      <ReferenceArea
        key={`i-${i.from}-${i.text}`}
        x1={i.from}
        x2={i.to}
        ifOverflow="hidden"
        shape={incidentShape(i.text)}
      />
    )),
    ...deploys.map((d) => (
      <ReferenceLine key={`d-${d.at}-${d.text}`} x={d.at} ifOverflow="hidden" shape={deployShape(d.text)} />
    )),
  ];
}
