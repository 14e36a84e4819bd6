import { can, type Ctx } from "@/lib/context";
import { Card } from "../_components/card";
import { AskVigil } from "./ask-vigil";

/** Ask Vigil in a card of its own on a record's page, for those who may run the agent; nothing for others. */
export function AskVigilCard({ ctx, subject }: { ctx: Ctx; subject: string }) {
  if (!can(ctx.actor, "agent:run")) return null;
  return (
    <Card id="ask-vigil-title" title="Ask Vigil" note="an explanation that cites its evidence">
      <AskVigil subject={subject} />
    </Card>
  );
}
