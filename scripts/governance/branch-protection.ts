/**
 * Branch protection as code: `.github/branch-protection.json` is the body of GitHub's
 * `PUT /repos/{owner}/{repo}/branches/{branch}/protection`
 * (https://docs.github.com/rest/branches/branch-protection#update-branch-protection), checked here before
 * anything is sent, and applied by `npm run protect-branch` with a fetch the caller passes in (tests pass a
 * fake one; nothing here reaches the network by itself).
 */

/** GitHub Actions' app id: a required check pinned to it cannot be satisfied by another app's status. */
export const GITHUB_ACTIONS_APP_ID = 15368;

export interface RequiredCheck {
  readonly context: string;
  readonly app_id?: number;
}

/** The fields of the request body the kit sets; GitHub's other fields keep their defaults. */
export interface BranchProtection {
  readonly required_status_checks: { readonly strict: boolean; readonly checks: readonly RequiredCheck[] };
  readonly enforce_admins: boolean;
  readonly required_pull_request_reviews: {
    readonly dismiss_stale_reviews: boolean;
    readonly require_code_owner_reviews: boolean;
    readonly required_approving_review_count: number;
    readonly require_last_push_approval?: boolean;
  };
  readonly restrictions: null;
  readonly required_linear_history: boolean;
  readonly allow_force_pushes: boolean;
  readonly allow_deletions: boolean;
  readonly required_conversation_resolution?: boolean;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Every way `body` falls short of the kit's protection; empty when it is a complete, strict protection. */
export function branchProtectionProblems(body: unknown): string[] {
  if (!isObject(body)) return ["(top level): expected a JSON object (the request body)"];
  const problems: string[] = [];
  const want = (path: string, actual: unknown, expected: unknown, why: string) => {
    if (actual !== expected)
      problems.push(
        `${path}: got ${JSON.stringify(actual) ?? "nothing"}; must be ${JSON.stringify(expected)} (${why})`,
      );
  };
  const checks = isObject(body.required_status_checks) ? body.required_status_checks : undefined;
  if (!checks)
    problems.push("required_status_checks: missing; the pull request's checks must pass before merging");
  else {
    want(
      "required_status_checks.strict",
      checks.strict,
      true,
      "the branch must be up to date with the base before merging",
    );
    const list = Array.isArray(checks.checks) ? checks.checks : [];
    if (!list.length) problems.push("required_status_checks.checks: must name at least one required check");
    list.forEach((check, i) => {
      if (!isObject(check) || typeof check.context !== "string" || !check.context.trim())
        problems.push(`required_status_checks.checks[${i}].context: must be a job's check name`);
      else
        want(
          `required_status_checks.checks[${i}].app_id`,
          check.app_id,
          GITHUB_ACTIONS_APP_ID,
          "only GitHub Actions may report the check, no other app with the same name",
        );
    });
    if ("contexts" in checks)
      problems.push("required_status_checks.contexts: deprecated and pins no app; use checks with app_id");
  }
  want("enforce_admins", body.enforce_admins, true, "administrators follow the same rules");
  const reviews = isObject(body.required_pull_request_reviews)
    ? body.required_pull_request_reviews
    : undefined;
  if (!reviews)
    problems.push("required_pull_request_reviews: missing; every change needs an approving review");
  else {
    want(
      "required_pull_request_reviews.require_code_owner_reviews",
      reviews.require_code_owner_reviews,
      true,
      "the owners in CODEOWNERS must approve",
    );
    want(
      "required_pull_request_reviews.dismiss_stale_reviews",
      reviews.dismiss_stale_reviews,
      true,
      "a new push needs a new approval",
    );
    want(
      "required_pull_request_reviews.require_last_push_approval",
      reviews.require_last_push_approval,
      true,
      "nobody approves their own last push",
    );
    const count = reviews.required_approving_review_count;
    if (typeof count !== "number" || !Number.isInteger(count) || count < 1 || count > 6)
      problems.push(
        `required_pull_request_reviews.required_approving_review_count: got ${JSON.stringify(count) ?? "nothing"}; must be a whole number from 1 to 6`,
      );
  }
  want(
    "required_linear_history",
    body.required_linear_history,
    true,
    "no merge commits: history reads one change at a time",
  );
  want("allow_force_pushes", body.allow_force_pushes, false, "history that was reviewed cannot be rewritten");
  want("allow_deletions", body.allow_deletions, false, "the protected branch cannot be deleted");
  if (!("restrictions" in body))
    problems.push("restrictions: missing; GitHub requires it (null: no push allowlist)");
  return problems;
}

/** The names of the required checks. */
export function requiredCheckNames(body: BranchProtection): string[] {
  return body.required_status_checks.checks.map((c) => c.context);
}

/** `owner/name` as GitHub allows them; `.` and `..` are refused (they would change the URL's path). */
const REPOSITORY = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/(?!\.\.?$)[A-Za-z0-9_.-]{1,100}$/;

export interface ProtectionRequest {
  readonly method: "PUT";
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * The REST request that applies `protection` to `branch` of `repository` (`owner/name`). `token` is left out
 * of the headers when undefined (a dry run prints the request without it).
 */
export function protectionRequest(
  repository: string,
  branch: string,
  protection: BranchProtection,
  token?: string,
  apiUrl = "https://api.github.com",
): ProtectionRequest {
  if (!REPOSITORY.test(repository))
    throw new Error(`repository: got ${JSON.stringify(repository)}; must be owner/name`);
  if (!/^[A-Za-z0-9._/-]{1,100}$/.test(branch))
    throw new Error(`branch: got ${JSON.stringify(branch)}; must be a branch name`);
  return {
    method: "PUT",
    url: `${apiUrl.replace(/\/$/, "")}/repos/${repository}/branches/${encodeURIComponent(branch)}/protection`,
    headers: {
      Accept: "application/vnd.github+json",
      "Content-Type": "application/json",
      "X-GitHub-Api-Version": "2022-11-28",
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(protection),
  };
}

/** The part of `fetch` this module uses. */
export type Fetch = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string },
) => Promise<{ ok: boolean; status: number; text(): Promise<string> }>;

/** Sends the request; throws with GitHub's status and message when it is refused. */
export async function applyProtection(request: ProtectionRequest, fetchFn: Fetch): Promise<void> {
  const response = await fetchFn(request.url, {
    method: request.method,
    headers: { ...request.headers },
    body: request.body,
  });
  if (response.ok) return;
  const text = await response.text();
  let message = text.slice(0, 300);
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    if (typeof parsed.message === "string") message = parsed.message;
  } catch {
    // not JSON: keep the text
  }
  const hint =
    response.status === 401 || response.status === 403
      ? " (the token needs the repository's Administration: write permission)"
      : response.status === 404
        ? " (no such repository or branch, or the token cannot see it)"
        : "";
  throw new Error(`GitHub refused the branch protection: HTTP ${response.status}: ${message}${hint}`);
}
