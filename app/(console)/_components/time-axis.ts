import { timeTicks } from "../services/[service]/time-ticks";

/** The time axis the console's charts share, as props of a Recharts XAxis: the whole window, UTC ticks. */
export const timeAxis = ({ domain }: { domain: [number, number] }) => ({
  dataKey: "t",
  type: "number" as const,
  scale: "time" as const,
  domain,
  allowDataOverflow: true,
  ticks: timeTicks(domain).ticks,
  tickFormatter: timeTicks(domain).format,
  tick: { fontSize: 11 },
  minTickGap: 24,
});

/** A tooltip's time: "2026-12-06 14:05 UTC". */
export const fullTime = (t: unknown) =>
  typeof t === "number" ? `${new Date(t).toISOString().slice(0, 16).replace("T", " ")} UTC` : "";
