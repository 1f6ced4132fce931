/** Errors that end a verify or drill run with one clear line instead of a stack trace. */

/** Bad command line or environment: exit code 2. */
export class UsageError extends Error {
  readonly exitCode = 2;
}

/** An API could not be reached or kept failing after bounded retries: exit code 2 (nothing was judged). */
export class UnreachableError extends Error {
  readonly exitCode = 2;
}

/** The API answered 401 or 403: the identity lacks a permission; verify turns it into a finding. */
export class PermissionError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** The API answered 404: the resource does not exist (verify reports an expected resource as missing). */
export class NotFoundError extends Error {}

/** Any other non-success answer (400, 409, ...) after which retrying cannot help. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}
