/**
 * Runs the issue step of .github/workflows/verify.yml (its actions/github-script body) against a fake
 * GitHub API: one issue per environment, updated while failing, closed when clean, never closed by a run
 * that did not reach verify.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

type Json = Record<string, unknown>;

const workflow = parse(
  readFileSync(join(__dirname, "..", "..", ".github", "workflows", "verify.yml"), "utf8"),
) as {
  jobs: { verify: { steps: { name?: string; uses?: string; with?: { script?: string } }[] } };
};
const script = workflow.jobs.verify.steps.find((s) => s.uses?.startsWith("actions/github-script@"))!.with!
  .script!;

interface Issue {
  number: number;
  title: string;
  labels: string[];
  body: string;
  state: "open" | "closed";
  comments: string[];
}

function fakeGitHub(issues: Issue[]) {
  const labels = new Set<string>();
  const issuesApi = {
    createLabel: async ({ name }: Json) => {
      if (labels.has(String(name))) throw Object.assign(new Error("exists"), { status: 422 });
      labels.add(String(name));
    },
    listForRepo: async ({ state, labels: wanted }: Json) => ({
      data: issues.filter(
        (i) =>
          i.state === state &&
          String(wanted)
            .split(",")
            .every((l) => i.labels.includes(l)),
      ),
    }),
    create: async ({ title, labels: ls, body }: Json) => {
      issues.push({
        number: issues.length + 1,
        title: String(title),
        labels: ls as string[],
        body: String(body),
        state: "open",
        comments: [],
      });
    },
    update: async ({ issue_number, body, state }: Json) => {
      const issue = issues.find((i) => i.number === issue_number)!;
      if (body !== undefined) issue.body = String(body);
      if (state !== undefined) issue.state = state as Issue["state"];
    },
    createComment: async ({ issue_number, body }: Json) => {
      issues.find((i) => i.number === issue_number)!.comments.push(String(body));
    },
  };
  return { rest: { issues: issuesApi } };
}

async function runStep(
  issues: Issue[],
  env: string,
  exitCode: string | undefined,
  files: Record<string, string>,
) {
  const fakeFs = {
    existsSync: (p: string) => p in files,
    readFileSync: (p: string) => {
      if (!(p in files)) throw new Error(`no ${p}`);
      return files[p];
    },
  };
  const context = { repo: { owner: "acme", repo: "baseline" }, serverUrl: "https://github.com", runId: 42 };
  const processShim = { env: { ENV: env, EXIT_CODE: exitCode } };
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (
    ...args: string[]
  ) => (...a: unknown[]) => Promise<void>;
  const fn = new AsyncFunction("github", "context", "require", "process", script);
  await fn(fakeGitHub(issues), context, (m: string) => (m === "fs" ? fakeFs : undefined), processShim);
}

const failing = JSON.stringify({
  summary: { errors: 1, warnings: 0 },
  findings: [
    {
      severity: "error",
      control: "SQL-5",
      resource: "google_sql_database_instance.db",
      message: "point-in-time recovery is off",
      fix: "Run `cdktf deploy`",
    },
  ],
});

test("a failing run opens one labelled issue with the findings; the next failing run updates it", async () => {
  const issues: Issue[] = [];
  await runStep(issues, "prod", "1", { "verify.json": failing });
  expect(issues).toHaveLength(1);
  expect(issues[0]).toMatchObject({
    title: "Live verification failing: prod",
    labels: ["live-verification", "verify:prod"],
    state: "open",
  });
  expect(issues[0].body).toContain(
    "| error | SQL-5 | google_sql_database_instance.db | point-in-time recovery is off |",
  );
  await runStep(issues, "prod", "1", { "verify.json": failing });
  expect(issues).toHaveLength(1);
  expect(issues[0].comments).toEqual([expect.stringContaining("Still failing")]);
});

test("each environment has its own issue", async () => {
  const issues: Issue[] = [];
  await runStep(issues, "prod", "1", { "verify.json": failing });
  await runStep(issues, "dev", "1", { "verify.json": failing });
  expect(issues.map((i) => i.title)).toEqual([
    "Live verification failing: prod",
    "Live verification failing: dev",
  ]);
});

test("a clean run closes the environment's open issue, and only that one", async () => {
  const issues: Issue[] = [];
  await runStep(issues, "prod", "1", { "verify.json": failing });
  await runStep(issues, "dev", "1", { "verify.json": failing });
  await runStep(issues, "prod", "0", {});
  expect(issues.map((i) => [i.title, i.state])).toEqual([
    ["Live verification failing: prod", "closed"],
    ["Live verification failing: dev", "open"],
  ]);
});

test("exit 2 reports the one-line reason; a run that never reached verify is a failure, never a pass", async () => {
  const issues: Issue[] = [];
  await runStep(issues, "prod", "2", {
    "verify.err": "verify: GET https://compute.googleapis.com/...: no answer within 30000 ms",
  });
  expect(issues[0].body).toContain("could not run (exit 2)");
  expect(issues[0].body).toContain("no answer within 30000 ms");
  await runStep(issues, "prod", "", {});
  expect(issues[0].state).toBe("open");
  expect(issues[0].body).toContain("an earlier step failed");
});
