import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

// A local stand-in for the GitHub REST endpoints the pull request job calls, answering with the
// shapes GitHub documents (repository, git refs, commits, trees, blobs, contents, pulls). It keeps
// a tiny git object store, checks the bearer token, records every request, and fails on demand
// (a status with GitHub's error body, or a request it never answers).

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: unknown;
}

interface Failure {
  method?: string;
  path: RegExp;
  status?: number;
  message?: string;
  hang?: boolean;
  times: number;
}

interface TreeEntry {
  mode: string;
  sha: string;
}

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

export class FakeGithub {
  readonly requests: RecordedRequest[] = [];
  private server = http.createServer((req, res) => void this.handle(req, res));
  private failures: Failure[] = [];
  private hung: http.ServerResponse[] = [];
  readonly blobs = new Map<string, Buffer>();
  readonly trees = new Map<string, Map<string, TreeEntry>>();
  readonly commits = new Map<string, { tree: string; parents: string[]; message: string }>();
  readonly refs = new Map<string, string>();
  readonly pulls: { number: number; title: string; body: string; head: string; base: string; html_url: string }[] = [];

  constructor(
    readonly token: string,
    readonly owner: string,
    readonly repo: string,
    files: Record<string, string>,
    readonly defaultBranch = "main",
  ) {
    const tree = new Map<string, TreeEntry>();
    for (const [path, content] of Object.entries(files))
      tree.set(path, { mode: "100644", sha: this.putBlob(Buffer.from(content)) });
    this.refs.set(defaultBranch, this.putCommit(this.putTree(tree), [], "initial"));
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.hung.forEach((res) => res.destroy());
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The next `times` requests matching fail with `status` (GitHub's error body) or never answer. */
  fail(
    match: { method?: string; path: RegExp },
    how: { status?: number; message?: string; hang?: boolean },
    times = 1,
  ) {
    this.failures.push({ ...match, ...how, times });
  }

  /** The files of a branch's head commit, as text. */
  branchFiles(branch: string): Record<string, { content: string; mode: string }> {
    const commit = this.commits.get(this.refs.get(branch) ?? "");
    if (!commit) throw new Error(`no branch ${branch}`);
    const tree = this.trees.get(commit.tree)!;
    return Object.fromEntries(
      [...tree].map(([path, e]) => [path, { content: this.blobs.get(e.sha)!.toString("utf8"), mode: e.mode }]),
    );
  }

  private putBlob(content: Buffer): string {
    const sha = sha1(`blob ${content.length}\0${content.toString("binary")}`);
    this.blobs.set(sha, content);
    return sha;
  }

  private putTree(tree: Map<string, TreeEntry>): string {
    const sha = sha1(`tree ${JSON.stringify([...tree].sort())}`);
    this.trees.set(sha, tree);
    return sha;
  }

  private putCommit(tree: string, parents: string[], message: string): string {
    const sha = sha1(`commit ${tree} ${parents.join(",")} ${message} ${this.commits.size}`);
    this.commits.set(sha, { tree, parents, message });
    return sha;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://fake");
    const body = raw ? (JSON.parse(raw) as unknown) : undefined;
    const method = req.method ?? "GET";
    this.requests.push({
      method,
      path: `${url.pathname}${url.search}`,
      authorization: req.headers.authorization,
      body,
    });
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, {
        "content-type": "application/json; charset=utf-8",
        "x-github-api-version-selected": "2022-11-28",
      });
      res.end(JSON.stringify(payload));
    };
    const error = (status: number, message: string) =>
      send(status, { message, documentation_url: "https://docs.github.com/rest", status: String(status) });
    if (req.headers.authorization !== `Bearer ${this.token}`) return error(401, "Bad credentials");
    const failure = this.failures.find(
      (f) => f.times > 0 && (!f.method || f.method === method) && f.path.test(url.pathname),
    );
    if (failure) {
      failure.times -= 1;
      if (failure.hang) return void this.hung.push(res);
      return error(failure.status ?? 500, failure.message ?? "Server Error");
    }
    const prefix = `/repos/${this.owner}/${this.repo}`;
    if (!url.pathname.startsWith(prefix)) return error(404, "Not Found");
    const rest = decodeURIComponent(url.pathname.slice(prefix.length));
    const answer = this.route(method, rest, url.searchParams, body as Record<string, unknown>);
    if ("error" in answer) return error(answer.status, answer.error);
    send(answer.status, answer.body);
  }

  private route(
    method: string,
    rest: string,
    query: URLSearchParams,
    body: Record<string, unknown>,
  ): { status: number; body: unknown } | { status: number; error: string } {
    const api = `https://api.github.com/repos/${this.owner}/${this.repo}`;
    const ref = /^\/git\/ref\/heads\/(.+)$/.exec(rest);
    if (method === "GET" && rest === "")
      return {
        status: 200,
        body: {
          id: 1,
          name: this.repo,
          full_name: `${this.owner}/${this.repo}`,
          owner: { login: this.owner },
          default_branch: this.defaultBranch,
          private: true,
        },
      };
    if (method === "GET" && ref) {
      const sha = this.refs.get(ref[1]);
      if (!sha) return { status: 404, error: "Not Found" };
      return {
        status: 200,
        body: {
          ref: `refs/heads/${ref[1]}`,
          node_id: "REF_1",
          url: `${api}/git/refs/heads/${ref[1]}`,
          object: { type: "commit", sha, url: `${api}/git/commits/${sha}` },
        },
      };
    }
    const commit = /^\/git\/commits\/([0-9a-f]{40})$/.exec(rest);
    if (method === "GET" && commit) {
      const c = this.commits.get(commit[1]);
      if (!c) return { status: 404, error: "Not Found" };
      return {
        status: 200,
        body: {
          sha: commit[1],
          tree: { sha: c.tree, url: `${api}/git/trees/${c.tree}` },
          parents: c.parents.map((sha) => ({ sha })),
          message: c.message,
        },
      };
    }
    if (method === "GET" && rest.startsWith("/contents/"))
      return this.contents(rest.slice("/contents/".length), query.get("ref"));
    if (method === "POST") return this.create(rest, body, api);
    if (method === "GET" && rest === "/pulls") {
      const head = query.get("head");
      return { status: 200, body: this.pulls.filter((p) => `${this.owner}:${p.head}` === head) };
    }
    return { status: 404, error: "Not Found" };
  }

  private contents(path: string, ref: string | null) {
    const sha = ref && /^[0-9a-f]{40}$/.test(ref) ? ref : this.refs.get(ref ?? this.defaultBranch);
    const tree = this.trees.get(this.commits.get(sha ?? "")?.tree ?? "");
    const entry = tree?.get(path);
    if (!entry) return { status: 404, error: "Not Found" };
    const content = this.blobs.get(entry.sha)!;
    const base64 = content.toString("base64").replace(/.{60}/g, "$&\n");
    return {
      status: 200,
      body: {
        type: "file",
        encoding: "base64",
        size: content.length,
        name: path.split("/").at(-1),
        path,
        content: base64,
        sha: entry.sha,
      },
    };
  }

  private create(rest: string, body: Record<string, unknown>, api: string) {
    if (rest === "/git/blobs") {
      const sha = this.putBlob(Buffer.from(String(body.content), body.encoding === "base64" ? "base64" : "utf8"));
      return { status: 201, body: { url: `${api}/git/blobs/${sha}`, sha } };
    }
    if (rest === "/git/trees") {
      const base = this.trees.get(String(body.base_tree));
      if (!base) return { status: 422, error: "Invalid tree info" };
      const tree = new Map(base);
      for (const e of body.tree as { path: string; mode: string; sha: string }[])
        tree.set(e.path, { mode: e.mode, sha: e.sha });
      const sha = this.putTree(tree);
      return {
        status: 201,
        body: {
          sha,
          url: `${api}/git/trees/${sha}`,
          truncated: false,
          tree: [...tree].map(([path, e]) => ({ path, ...e, type: "blob" })),
        },
      };
    }
    if (rest === "/git/commits") {
      const sha = this.putCommit(String(body.tree), body.parents as string[], String(body.message));
      return {
        status: 201,
        body: {
          sha,
          tree: { sha: body.tree },
          parents: (body.parents as string[]).map((p) => ({ sha: p })),
          message: body.message,
        },
      };
    }
    if (rest === "/git/refs") {
      const name = String(body.ref).replace(/^refs\/heads\//, "");
      if (this.refs.has(name)) return { status: 422, error: "Reference already exists" };
      this.refs.set(name, String(body.sha));
      return { status: 201, body: { ref: body.ref, object: { type: "commit", sha: body.sha } } };
    }
    if (rest === "/pulls") {
      const head = String(body.head);
      if (!this.refs.has(head)) return { status: 422, error: "Validation Failed" };
      if (this.pulls.some((p) => p.head === head))
        return { status: 422, error: `A pull request already exists for ${this.owner}:${head}.` };
      const number = this.pulls.length + 1;
      const pull = {
        number,
        title: String(body.title),
        body: String(body.body),
        head,
        base: String(body.base),
        html_url: `https://github.com/${this.owner}/${this.repo}/pull/${number}`,
      };
      this.pulls.push(pull);
      return {
        status: 201,
        body: {
          id: number,
          state: "open",
          url: `${api}/pulls/${number}`,
          ...pull,
          head: { ref: head, label: `${this.owner}:${head}` },
          base: { ref: pull.base },
        },
      };
    }
    return { status: 404, error: "Not Found" };
  }
}
