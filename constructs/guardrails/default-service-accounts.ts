import { Construct } from "constructs";
import { ProjectDefaultServiceAccounts } from "@cdktf/provider-google/lib/project-default-service-accounts";
import { requireMatch } from "../errors";

export interface DeprivilegedDefaultServiceAccountsProps {
  /** Project whose default service accounts lose their Editor grant. */
  readonly projectId: string;
}

/**
 * IAM-1: removes `roles/editor` from the project's default service accounts (Compute Engine's
 * `<number>-compute@developer.gserviceaccount.com`, App Engine's `<project>@appspot.gserviceaccount.com`).
 * Enabling the Compute API grants Editor to its default account unless the organization enforces
 * `iam.automaticIamGrantsForDefaultServiceAccounts`; project-level org policies are not retroactive, so the
 * kit removes the grant itself (`google_project_default_service_accounts`, action DEPRIVILEGE). The
 * accounts stay (deleting them breaks services that still expect them) and `restore_policy = NONE`: a
 * destroy never gives Editor back.
 */
export class DeprivilegedDefaultServiceAccounts extends Construct {
  readonly resource: ProjectDefaultServiceAccounts;

  constructor(scope: Construct, id: string, props: DeprivilegedDefaultServiceAccountsProps) {
    super(scope, id);
    requireMatch(
      "DeprivilegedDefaultServiceAccounts",
      "projectId",
      props.projectId,
      /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/,
      "must be a GCP project id: 6-30 lowercase letters, digits or hyphens",
    );
    this.resource = new ProjectDefaultServiceAccounts(this, "deprivilege", {
      project: props.projectId,
      action: "DEPRIVILEGE",
      restorePolicy: "NONE",
    });
    this.node.defaultChild = this.resource;
  }
}
