import { Construct, type IConstruct } from "constructs";
import {
  Aspects,
  TerraformDataSource,
  TerraformResource,
  TerraformStack,
  dependable,
  type IAspect,
} from "cdktf";
import { ProjectService } from "@cdktf/provider-google/lib/project-service";
import { apisOf } from "./resource-apis";
import { ConsistencyWait } from "./waits";

export interface ProjectApisProps {
  /** Project whose APIs are enabled. */
  readonly projectId: string;
  /** Service names, e.g. `cloudkms.googleapis.com`. */
  readonly services: readonly string[];
}

/**
 * Enables the project's APIs. Destroying the stack never disables them (`disable_on_destroy=false`):
 * disabling an API in use breaks every resource that depends on it, including ones outside this stack.
 *
 * Every resource of the stack whose type calls one of these APIs (`RESOURCE_APIS`) gets a `depends_on` on
 * that API's `google_project_service`, added by an aspect at synthesis so resources that teams or later
 * constructs add wait too: on a fresh project a call before enablement fails with SERVICE_DISABLED, and
 * the provider does not retry it.
 */
export class ProjectApis extends Construct {
  /** The `google_project_service` resources, for `dependsOn`. */
  readonly resources: ProjectService[];
  private readonly byService = new Map<string, ProjectService>();

  constructor(scope: Construct, id: string, props: ProjectApisProps) {
    super(scope, id);
    const services = [...new Set(props.services)].sort();
    this.resources = services.map((service) => {
      const resource = new ProjectService(this, service.replace(/\.googleapis\.com$/, ""), {
        project: props.projectId,
        service,
        disableOnDestroy: false,
        disableDependentServices: false,
      });
      this.byService.set(service, resource);
      return resource;
    });
    Aspects.of(TerraformStack.of(this)).add(new WaitForEnabledApis(this));
  }

  /** The `google_project_service` of `service` when this construct enables it. */
  serviceResource(service: string): ProjectService | undefined {
    return this.byService.get(service);
  }
}

/** The APIs a resource or data source calls: its type's entry, plus the service a service identity names. */
export function apisCalledBy(node: TerraformResource | TerraformDataSource): string[] {
  const type = node.terraformResourceType;
  const key = node instanceof TerraformDataSource ? `data.${type}` : type;
  const apis = [...(apisOf(key) ?? [])];
  // A service agent is generated for the API it names; that API must be enabled first.
  const named = (node as { serviceInput?: unknown }).serviceInput;
  if (type === "google_project_service_identity" && typeof named === "string") apis.push(named);
  if (node instanceof ConsistencyWait) apis.push(...node.waitsForApis);
  return apis;
}

/** Adds `depends_on` from each resource of the stack to the `google_project_service` of every API it calls. */
class WaitForEnabledApis implements IAspect {
  private readonly done = new WeakSet<IConstruct>();

  constructor(private readonly apis: ProjectApis) {}

  visit(node: IConstruct): void {
    if (!(node instanceof TerraformResource || node instanceof TerraformDataSource)) return;
    if (node instanceof ProjectService || this.done.has(node)) return;
    if (TerraformStack.of(node) !== TerraformStack.of(this.apis)) return;
    this.done.add(node);
    const services = apisCalledBy(node)
      .map((api) => this.apis.serviceResource(api))
      .filter((s): s is ProjectService => s !== undefined);
    if (services.length === 0) return;
    node.dependsOn = [...(node.dependsOn ?? []), ...services.map((s) => dependable(s))];
  }
}
