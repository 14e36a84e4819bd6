import type { Metadata } from "next";
import { listApiKeys } from "@/lib/access/api-keys";
import type { ApiKeySummary, UserSummary } from "@/lib/access/schemas";
import { listUsers } from "@/lib/access/users";
import { pageCtx } from "@/lib/auth/page-ctx";
import { API_KEY_SCOPES, ROLES } from "@/lib/context";
import { DataTable } from "../_components/data-table";
import { PageHeader } from "../_components/not-built";
import { CreateApiKeyForm, CreateUserForm } from "./access-forms";
import { ApiKeyRow } from "./api-key-row";
import { UserRow } from "./user-row";

export const metadata: Metadata = { title: "People & keys" };
export const dynamic = "force-dynamic";

export default async function AccessPage({ searchParams }: { searchParams: Promise<{ after?: string }> }) {
  const { ctx, user } = await pageCtx("users:manage");
  const { after } = await searchParams;
  const [users, keys] = await Promise.all([listUsers(ctx, { limit: 100, after }), listApiKeys(ctx)]);
  return (
    <>
      <PageHeader
        title="People & keys"
        subtitle="Who may sign in with which role, and the keys collectors and scripts use. Every change lands in the audit trail."
      />
      <PeopleSection users={users.items} nextAfter={users.nextAfter} selfId={user.id} />
      <ApiKeysSection keys={keys} />
    </>
  );
}

function PeopleSection({
  users,
  nextAfter,
  selfId,
}: {
  users: UserSummary[];
  nextAfter: string | null;
  selfId: string;
}) {
  return (
    <section className="card">
      <div className="card-head">
        <h2>People</h2>
        <span className="muted">{users.length} shown</span>
      </div>
      <DataTable
        stacked
        testId="users-table"
        columns={["Email", "Role", "Last sign-in (UTC)", "State", ""]}
        items={users}
        row={(row) => <UserRow key={row.id} user={row} roles={[...ROLES]} self={row.id === selfId} />}
      />
      {nextAfter && (
        <p className="pager">
          <a href={`/access?after=${encodeURIComponent(nextAfter)}`}>More people →</a>
        </p>
      )}
      <CreateUserForm roles={[...ROLES]} />
    </section>
  );
}

function ApiKeysSection({ keys }: { keys: ApiKeySummary[] }) {
  return (
    <section className="card">
      <div className="card-head">
        <h2>API keys</h2>
        <span className="muted">stored as SHA-256 hashes; a key is shown once, when created</span>
      </div>
      <DataTable
        stacked
        testId="keys-table"
        columns={["Name", "Key starts", "Scopes", "Created", "Last used (UTC)", ""]}
        items={keys}
        empty="No API keys yet."
        row={(key) => <ApiKeyRow key={key.id} apiKey={key} />}
      />
      <CreateApiKeyForm scopes={[...API_KEY_SCOPES]} />
    </section>
  );
}
