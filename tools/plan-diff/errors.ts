/** A user's mistake (bad argument, unreadable input, failed synthesis): printed as-is, exit code 2. */
export class PlanDiffInputError extends Error {
  constructor(
    message: string,
    /** True when the usage text helps (a bad argument, not a failed synthesis). */
    readonly showUsage = false,
  ) {
    super(message);
    this.name = "PlanDiffInputError";
  }
}
