"use client";

import { Area, AreaChart, ResponsiveContainer } from "recharts";
import type { RedPoint } from "@/lib/traces/service-red";

/** Requests over the window (blue), errors over them (red). */
export function Sparkline({ points }: { points: RedPoint[] }) {
  return (
    <div className="sparkline" aria-hidden>
      <ResponsiveContainer width="100%" height={28}>
        <AreaChart data={points} margin={{ top: 2, right: 0, bottom: 0, left: 0 }}>
          <Area
            type="monotone"
            dataKey="requests"
            stroke="#2563eb"
            fill="#dbeafe"
            strokeWidth={1.2}
            isAnimationActive={false}
          />
          <Area
            type="monotone"
            dataKey="errors"
            stroke="#dc2626"
            fill="#fee2e2"
            strokeWidth={1.2}
            isAnimationActive={false}
          />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
