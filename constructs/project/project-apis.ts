import { Construct } from "constructs";
import { ProjectService } from "@cdktf/provider-google/lib/project-service";

export interface ProjectApisProps {
  /** Project whose APIs are enabled. */
  readonly projectId: string;
  /** Service names, e.g. `cloudkms.googleapis.com`. */
  readonly services: readonly string[];
}

/**
 * Enables the project's APIs. Destroying the stack never disables them (`disable_on_destroy=false`):
 * disabling an API in use breaks every resource that depends on it, including ones outside this stack.
 */
export class ProjectApis extends Construct {
  /** The `google_project_service` resources, for `dependsOn`. */
  readonly resources: ProjectService[];

  constructor(scope: Construct, id: string, props: ProjectApisProps) {
    super(scope, id);
    const services = [...new Set(props.services)].sort();
    this.resources = services.map(
      (service) =>
        new ProjectService(this, service.replace(/\.googleapis\.com$/, ""), {
          project: props.projectId,
          service,
          disableOnDestroy: false,
          disableDependentServices: false,
        }),
    );
  }
}
