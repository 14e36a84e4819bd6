import type { Ctx } from "@/lib/context";
import { Card } from "../_components/card";
import { AskVigil } from "./ask-vigil";
import { mayRunAgent } from "./may-run-agent";

/** Ask Vigil in a card of its own on a record's page, for those who may run the agent; nothing for others. */
export function AskVigilCard({ ctx, subject }: { ctx: Ctx; subject: string }) {
  if (!mayRunAgent(ctx.actor)) return null;
  return (
    <Card id="ask-vigil-title" title="Ask Vigil" note="an explanation that cites its evidence">
      <AskVigil subject={subject} />
    </Card>
  );
}
