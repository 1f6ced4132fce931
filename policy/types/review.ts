/** One reviewed Terraform type: which controls judge it, and why what they do not judge is safe. */
export interface TypeReview {
  /** Control ids that judge the type (resource rules listing it, or stack rules reading it); may be empty. */
  readonly controls: readonly string[];
  /** What the type does and why it is safe beyond those controls (the whole reason when no control applies). */
  readonly note: string;
}

/** A review entry: `review(["NET-1"], "...")`. */
export function review(controls: readonly string[], note: string): TypeReview {
  return { controls, note };
}
