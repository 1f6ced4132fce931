/**
 * The one HTTP client verify and the drills use: per-request timeouts, bounded retries with exponential
 * backoff and full jitter on 429, 5xx and network failures, Google-style pagination, and errors that say
 * what happened in one line. Answers are parsed but never logged: Upstash answers can carry credentials.
 */
import { ApiError, NotFoundError, PermissionError, UnreachableError } from "./errors";
import type { Api, Endpoints } from "./endpoints";

export interface RetryPolicy {
  /** Tries per request, the first included. @default 5 */
  readonly attempts: number;
  /** First backoff ceiling; doubles per retry. @default 500 */
  readonly baseDelayMs: number;
  /** Largest wait between tries, also the cap on a server's Retry-After. @default 16000 */
  readonly maxDelayMs: number;
  /** Time allowed for one request, answer body included. @default 30000 */
  readonly timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 16_000,
  timeoutMs: 30_000,
};

/** Returns the Authorization header value for an API (a bearer token, or basic auth for Upstash). */
export type Authorizer = (api: Api) => Promise<string>;

export interface RequestOptions {
  readonly method?: "GET" | "POST" | "PATCH" | "DELETE";
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly body?: unknown;
  /**
   * Safe to repeat after a timeout or 5xx (the first try may have been applied). Reads are; a POST that
   * only reads (getIamPolicy) says so. Non-idempotent calls are retried only on 429 (not applied).
   * @default true for GET, false otherwise
   */
  readonly idempotent?: boolean;
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
const MAX_PAGES = 1000;

/** One line from an error answer: Google's `error.message`, Upstash's text, or the status text. */
async function errorDetail(response: Response): Promise<string> {
  let text = "";
  try {
    text = await response.text();
  } catch {
    return response.statusText;
  }
  let detail = text;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === "string") detail = parsed;
    else if (parsed && typeof parsed === "object") {
      const error = (parsed as { error?: unknown }).error;
      if (
        error &&
        typeof error === "object" &&
        typeof (error as { message?: unknown }).message === "string"
      ) {
        detail = (error as { message: string }).message;
      } else if (typeof error === "string") detail = error;
    }
  } catch {
    // not JSON: keep the text
  }
  return detail.replace(/\s+/g, " ").trim().slice(0, 300) || response.statusText;
}

function retryAfterMs(response: Response): number | undefined {
  const value = response.headers.get("retry-after");
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

export class ApiClient {
  constructor(
    readonly endpoints: Endpoints,
    private readonly authorize: Authorizer,
    readonly retry: RetryPolicy = DEFAULT_RETRY,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** Full jitter: a random wait up to min(max, base * 2^retry), or the server's Retry-After when larger. */
  private backoff(retry: number, serverWait?: number): number {
    const ceiling = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** retry);
    const jittered = Math.random() * ceiling;
    return Math.min(this.retry.maxDelayMs, Math.max(jittered, serverWait ?? 0));
  }

  /** Sends one request and returns the parsed JSON answer (undefined for an empty body). */
  async request<T>(api: Api, path: string, options: RequestOptions = {}): Promise<T> {
    const method = options.method ?? "GET";
    const idempotent = options.idempotent ?? method === "GET";
    const url = new URL(this.endpoints[api] + path);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, value);
    }
    const shown = `${method} ${this.endpoints[api]}${path}`;
    let lastProblem = "";
    let lastWait: number | undefined;
    let tries = 0;
    for (let attempt = 0; attempt < this.retry.attempts; attempt++) {
      if (attempt > 0) await this.sleep(this.backoff(attempt - 1, lastWait));
      lastWait = undefined;
      const headers: Record<string, string> = {
        Authorization: await this.authorize(api),
        Accept: "application/json",
      };
      if (options.body !== undefined) headers["Content-Type"] = "application/json";
      tries++;
      let response: Response;
      try {
        response = await fetch(url, {
          method,
          headers,
          body: options.body === undefined ? undefined : JSON.stringify(options.body),
          signal: AbortSignal.timeout(this.retry.timeoutMs),
        });
      } catch (err) {
        const e = err as { name?: string; cause?: { code?: string } };
        lastProblem =
          e.name === "TimeoutError"
            ? `no answer within ${this.retry.timeoutMs} ms`
            : `connection failed (${e.cause?.code ?? e.name ?? "network error"})`;
        if (!idempotent) break;
        continue;
      }
      if (response.ok) {
        let text: string;
        try {
          text = await response.text();
        } catch (err) {
          lastProblem =
            (err as { name?: string }).name === "TimeoutError"
              ? `answer not complete within ${this.retry.timeoutMs} ms`
              : "answer cut off";
          if (!idempotent) break;
          continue;
        }
        if (!text.trim()) return undefined as T;
        try {
          return JSON.parse(text) as T;
        } catch {
          throw new ApiError(`${shown}: the answer is not JSON`, response.status);
        }
      }
      const detail = await errorDetail(response);
      if (response.status === 401 || response.status === 403) {
        throw new PermissionError(`${shown}: ${response.status} ${detail}`, response.status);
      }
      if (response.status === 404) throw new NotFoundError(`${shown}: 404 ${detail}`);
      if (!RETRYABLE_STATUS.has(response.status)) {
        throw new ApiError(`${shown}: ${response.status} ${detail}`, response.status);
      }
      lastProblem = `${response.status} ${detail}`;
      lastWait = retryAfterMs(response);
      if (!idempotent && response.status !== 429) break;
    }
    throw new UnreachableError(
      `${shown}: ${lastProblem} (gave up after ${tries} ${tries === 1 ? "try" : "tries"})`,
    );
  }

  /**
   * Every item of a paginated Google list: follows `nextPageToken` with `pageToken` until the answer has
   * none, bounded so a misbehaving server cannot loop forever.
   */
  async list<T>(api: Api, path: string, itemsKey: string, query: Record<string, string> = {}): Promise<T[]> {
    const items: T[] = [];
    let pageToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = await this.request<Record<string, unknown> | undefined>(api, path, {
        query: { ...query, pageToken },
      });
      const pageItems = answer?.[itemsKey];
      if (pageItems !== undefined && !Array.isArray(pageItems)) {
        throw new ApiError(`GET ${this.endpoints[api]}${path}: "${itemsKey}" is not a list`, 200);
      }
      items.push(...((pageItems ?? []) as T[]));
      const next = answer?.nextPageToken;
      if (typeof next !== "string" || next === "") return items;
      pageToken = next;
    }
    throw new UnreachableError(`GET ${this.endpoints[api]}${path}: more than ${MAX_PAGES} pages`);
  }
}
