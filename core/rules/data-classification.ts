/**
 * Data classification: what kind of data a resource holds. One vocabulary shared by the constructs (which
 * write the label), the configuration (which validates the environment's label) and the policy check
 * (DATA-1..4, which reads it). Pure data and predicates: nothing here imports cdktf.
 */
import { InvalidPropError } from "../errors";
import { IDENTIFIER_DIGIT_RUN } from "./redis-naming";

/**
 * - `restricted`: PHI or data of the same sensitivity; HIPAA handling is enforced (DATA-2, DATA-3).
 * - `confidential`: customer or business data that is not PHI (credentials' metadata, logs, state).
 * - `internal`: data meant for the company only, harmless if disclosed by mistake.
 * - `public`: data published on purpose.
 */
export type DataClassification = "restricted" | "confidential" | "internal" | "public";

export const DATA_CLASSIFICATIONS: readonly DataClassification[] = [
  "restricted",
  "confidential",
  "internal",
  "public",
];

/** Label key (and, for Upstash databases, which have no labels, the `//` metadata key) that carries it. */
export const DATA_CLASSIFICATION_LABEL = "data_classification";

/**
 * Classification of data whose holder does not say: `restricted`. The kit serves companies that hold PHI;
 * labelling PHI lower than it is removes protections silently, labelling other data too high only costs
 * stricter rules, so the unsafe choice has to be spelled out.
 */
export const DEFAULT_DATA_CLASSIFICATION: DataClassification = "restricted";

/** True for one of the four classifications. */
export function isDataClassification(value: unknown): value is DataClassification {
  return typeof value === "string" && (DATA_CLASSIFICATIONS as readonly string[]).includes(value);
}

/** `value` as a classification, or a clear error naming the construct and field. */
export function requireDataClassification(
  construct: string,
  field: string,
  value: unknown,
): DataClassification {
  if (isDataClassification(value)) return value;
  throw new InvalidPropError(construct, field, value, `must be one of ${DATA_CLASSIFICATIONS.join(", ")}`);
}

/**
 * Labels with the classification added; refuses a `data_classification` key in `labels` so the label has
 * one source (the `dataClassification` prop) and cannot silently override it.
 */
export function classifiedLabels(
  construct: string,
  labels: Record<string, string> | undefined,
  classification: DataClassification,
): Record<string, string> {
  if (labels && Object.hasOwn(labels, DATA_CLASSIFICATION_LABEL)) {
    throw new InvalidPropError(
      construct,
      `labels.${DATA_CLASSIFICATION_LABEL}`,
      labels[DATA_CLASSIFICATION_LABEL],
      "is set from the dataClassification prop; remove it from labels",
    );
  }
  return { ...labels, [DATA_CLASSIFICATION_LABEL]: classification };
}

/** `purpose` label of a team's application-layer key (TeamStack.applicationKey); DATA-3 looks for it. */
export const APPLICATION_KEY_PURPOSE = "application";

/**
 * Restricted data: three or more digits in a row in an identifier can be a date, a record or a member
 * number (the rule Redis names follow, UPS-7); names of restricted resources must not have them.
 */
export { IDENTIFIER_DIGIT_RUN };

/**
 * The classification an environment's `labels.data_classification` declares, or undefined when the
 * label is absent; an invalid value is an error naming the label.
 */
export function classificationOfLabels(
  construct: string,
  labels: Readonly<Record<string, string>> | undefined,
): DataClassification | undefined {
  const value = labels?.[DATA_CLASSIFICATION_LABEL];
  if (value === undefined) return undefined;
  return requireDataClassification(construct, `labels.${DATA_CLASSIFICATION_LABEL}`, value);
}

/**
 * DATA-2, before synthesis: refuses a part of a restricted resource's name with three or more digits in
 * a row. Returns the value.
 */
export function requireIdentifierFree(construct: string, field: string, value: string): string {
  if (IDENTIFIER_DIGIT_RUN.test(value)) {
    throw new InvalidPropError(
      construct,
      field,
      value,
      "must not contain three or more digits in a row for restricted data (they can encode a date, a record or a member number)",
    );
  }
  return value;
}
