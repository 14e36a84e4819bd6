"use client";

import { Area, AreaChart, ResponsiveContainer } from "recharts";
import type { RedPoint } from "@/lib/traces/service-red";

/** Requests over the window (first chart colour), errors over them (the error colour). */
export function Sparkline({ points }: { points: RedPoint[] }) {
  return (
    <div className="sparkline" aria-hidden>
      <ResponsiveContainer width="100%" height={28}>
        <AreaChart data={points} margin={{ top: 2, right: 0, bottom: 0, left: 0 }}>
          <Area
            type="monotone"
            dataKey="requests"
            stroke="var(--chart-1)"
            fill="var(--chart-1)"
            fillOpacity={0.15}
            strokeWidth={1.2}
            isAnimationActive={false}
          />
          <Area
            type="monotone"
            dataKey="errors"
            stroke="var(--bad)"
            fill="var(--bad)"
            fillOpacity={0.2}
            strokeWidth={1.2}
            isAnimationActive={false}
          />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
