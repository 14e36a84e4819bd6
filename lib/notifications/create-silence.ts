import { recordAudit } from "../audit/record-audit";
import { authorize, type Ctx } from "../context";
import { sqlTransaction } from "../db";
import { VigilError } from "../errors";
import { parseInput } from "../validation";
import { CreateSilenceInput, type SilenceView } from "./schemas";
import { type SilenceRow, toSilenceView } from "./silence-rows";

/** The longest a silence may last: one that is forgotten must still end. */
const MAX_SILENCE_DAYS = 90;

const INSERT = `INSERT INTO notification_silence (match_services, match_teams, match_severities, match_keys,
  ends_at, reason, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`;

/** Holds back matching notices until `endsAt` (they are recorded as silenced); audited. */
export async function createSilence(ctx: Ctx, input: CreateSilenceInput): Promise<SilenceView> {
  authorize(ctx, "services:manage");
  const { matchers, endsAt, reason } = parseInput(CreateSilenceInput, input);
  const ends = new Date(endsAt);
  if (ends.getTime() <= Date.now())
    throw new VigilError("bad_request", "endsAt: must be in the future", { field: "endsAt" });
  if (ends.getTime() > Date.now() + MAX_SILENCE_DAYS * 86_400_000)
    throw new VigilError("bad_request", `endsAt: must be at most ${MAX_SILENCE_DAYS} days ahead`, { field: "endsAt" });
  return sqlTransaction(async (client) => {
    const { services, teams, severities, keys } = matchers;
    const params = [services, teams, severities, keys, ends, reason, ctx.actor.label];
    const { rows } = await client.query<SilenceRow>(INSERT, params);
    const view = toSilenceView(rows[0]);
    await recordAudit(client, ctx, {
      action: "notification_silence.create",
      target: { type: "notification_silence", id: view.id },
      summary: { after: { matchers: view.matchers, endsAt: view.endsAt } },
      reason,
    });
    return view;
  });
}
