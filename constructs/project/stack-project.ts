import type { IConstruct } from "constructs";
import { TerraformStack } from "cdktf";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { isLiteral } from "../errors";

/**
 * The literal project of the default (unaliased) Google provider of `scope`'s stack, if it has one: what
 * resources without a `project` attribute are created in, so get-or-create constructs and importers can
 * default to it instead of asking for it again.
 */
export function stackProjectId(scope: IConstruct): string | undefined {
  const stack = TerraformStack.of(scope);
  const provider = stack.node.children.find(
    (c): c is GoogleProvider => c instanceof GoogleProvider && c.alias === undefined,
  );
  const project = provider?.project;
  return project !== undefined && isLiteral(project) ? project : undefined;
}
