import type { IConstruct } from "constructs";
import { IDENTIFIER_DIGIT_RUN, type DataClassification } from "../core/rules/data-classification";
import { InvalidPropError, isLiteral } from "./errors";
import { stackProjectId } from "./project/stack-project";

/**
 * DATA-2 before synthesis: the name of a resource holding restricted data carries no run of three or more
 * digits (a date, a record or a member number). A leading `<project id>-` of the stack's provider is
 * exempt, as the policy check exempts it: the configuration validated the project id and its owner chose it.
 */
export function requireIdentifierFreeName(
  scope: IConstruct,
  construct: string,
  field: string,
  name: string,
  classification: DataClassification,
): void {
  if (classification !== "restricted" || !isLiteral(name)) return;
  const project = stackProjectId(scope);
  const own = project !== undefined && name.startsWith(`${project}-`) ? name.slice(project.length + 1) : name;
  if (IDENTIFIER_DIGIT_RUN.test(own)) {
    throw new InvalidPropError(
      construct,
      field,
      name,
      "must not contain three or more digits in a row for restricted data (they can encode a date, a record or a member number; DATA-2)",
    );
  }
}
