import { Construct, type IConstruct } from "constructs";
import { TerraformStack, type ITerraformDependable } from "cdktf";
import { DataGoogleStorageProjectServiceAccount } from "@cdktf/provider-google/lib/data-google-storage-project-service-account";
import { GoogleBetaProvider } from "@cdktf/provider-google-beta/lib/provider";
import { GoogleProjectServiceIdentity } from "@cdktf/provider-google-beta/lib/google-project-service-identity";
import { InvalidPropError } from "../errors";
import type { IPrincipal } from "../iam/principal";
import { stackProjectId } from "./stack-project";
import { CONSISTENCY_WAITS, ConsistencyWait } from "./waits";

export interface ServiceAgentsProps {
  /**
   * Project whose Google-managed service agents are looked up or created.
   * @default the project of the stack's default `GoogleProvider`
   */
  readonly projectId?: string;
  /**
   * Resources that must exist first, typically the enabled APIs.
   * @default none
   */
  readonly dependsOn?: ITerraformDependable[];
}

const ID = "service-agents";
const CONSTRUCT = "ServiceAgents";

/** Services whose agents encrypt with customer-managed keys. */
export type ServiceAgentName = "storage" | "secretManager" | "cloudSql" | "pubsub" | "artifactRegistry";

/**
 * The project's Google-managed service agents (the identities through which Storage, Secret Manager,
 * Cloud SQL, ... use a customer-managed key). One per stack, at `<stack>/service-agents`, got or created
 * with `ServiceAgents.of(scope)`; a key's `grantToServiceAgent` finds it the same way, so no stack has to
 * create it before its first key grant. Agents come from the provider's service-identity resources and
 * data sources, never from hard-coded emails; `google_project_service_identity` also creates an agent that
 * does not exist yet. Nothing is synthesized until an agent is used.
 */
export class ServiceAgents extends Construct {
  /**
   * The stack's `ServiceAgents`, created on first use. `props` apply when it is created; asking again with
   * another `projectId` is refused (one stack, one project's agents). Without `projectId`, the project of
   * the stack's default `GoogleProvider` is used.
   */
  static of(scope: IConstruct, props: ServiceAgentsProps = {}): ServiceAgents {
    const stack = TerraformStack.of(scope);
    const found = stack.node.tryFindChild(ID);
    if (found instanceof ServiceAgents) {
      if (props.projectId !== undefined && props.projectId !== found.projectId) {
        throw new InvalidPropError(
          CONSTRUCT,
          "projectId",
          props.projectId,
          `must be "${found.projectId}": stack ${stack.node.id} already has the service agents of that project`,
        );
      }
      if (props.dependsOn !== undefined) {
        throw new InvalidPropError(
          CONSTRUCT,
          "dependsOn",
          props.dependsOn.map((d) => d.fqn),
          `applies only when the stack's ServiceAgents is created; stack ${stack.node.id} already has one: pass dependsOn on the first ServiceAgents.of call`,
        );
      }
      return found;
    }
    if (found) {
      throw new Error(
        `${stack.node.path}/${ID}: the id is taken by another construct; ServiceAgents needs it`,
      );
    }
    const projectId = props.projectId ?? stackProjectId(stack);
    if (projectId === undefined) {
      throw new InvalidPropError(
        CONSTRUCT,
        "projectId",
        undefined,
        `is required: stack ${stack.node.id} has no default GoogleProvider with a project; call ServiceAgents.of(stack, { projectId }) or set the provider's project`,
      );
    }
    return new ServiceAgents(stack, projectId, props.dependsOn);
  }

  /** Project whose agents these are. */
  readonly projectId: string;
  private readonly agents = new Map<string, IPrincipal>();
  private readonly readiness = new Map<string, ConsistencyWait>();
  private betaProvider?: GoogleBetaProvider;

  private constructor(
    stack: TerraformStack,
    projectId: string,
    private readonly dependsOn: ITerraformDependable[] | undefined,
  ) {
    super(stack, ID);
    this.projectId = projectId;
  }

  /** The agent of `service`. */
  agent(service: ServiceAgentName): IPrincipal {
    return this[service];
  }

  /**
   * A wait after `service`'s agent is created or first looked up: IAM does not know a new agent at once,
   * and a grant to it fails with "service account does not exist" (`CONSISTENCY_WAITS.serviceAgent`).
   * Grants to the agent depend on it.
   */
  ready(service: ServiceAgentName): ConsistencyWait {
    const principal = this.agent(service);
    const wait = this.readiness.get(principal.principalId);
    if (!wait) throw new Error(`ServiceAgents: no readiness wait for ${service}`);
    return wait;
  }

  /** Cloud Storage's service agent (encrypts objects with the bucket's CMEK key). */
  get storage(): IPrincipal {
    return this.memo("storage", () => {
      const account = new DataGoogleStorageProjectServiceAccount(this, "storage", {
        project: this.projectId,
        dependsOn: this.dependsOn,
      });
      this.wait("storage-service-agent", account);
      return { member: account.member, principalId: "storage-service-agent" };
    });
  }

  /** Secret Manager's service agent (encrypts secret replicas, publishes rotation reminders). */
  get secretManager(): IPrincipal {
    return this.identity("secretmanager");
  }

  /** Cloud SQL's service agent (encrypts instances with CMEK). */
  get cloudSql(): IPrincipal {
    return this.identity("sqladmin");
  }

  /** Pub/Sub's service agent (encrypts topics with CMEK). */
  get pubsub(): IPrincipal {
    return this.identity("pubsub");
  }

  /** Artifact Registry's service agent (encrypts repositories with CMEK). */
  get artifactRegistry(): IPrincipal {
    return this.identity("artifactregistry");
  }

  private identity(api: string): IPrincipal {
    return this.memo(api, () => {
      const agent = new GoogleProjectServiceIdentity(this, api, {
        provider: this.beta(),
        project: this.projectId,
        service: `${api}.googleapis.com`,
        dependsOn: this.dependsOn,
      });
      this.wait(`${api}-service-agent`, agent);
      return { member: agent.member, principalId: `${api}-service-agent` };
    });
  }

  private beta(): GoogleBetaProvider {
    // Service identities exist only in google-beta; the provider is scoped to this construct's use.
    this.betaProvider ??= new GoogleBetaProvider(this, "google-beta", {
      alias: "service-agents",
      project: this.projectId,
    });
    return this.betaProvider;
  }

  private wait(principalId: string, agent: ITerraformDependable): void {
    this.readiness.set(
      principalId,
      new ConsistencyWait(this, `${principalId}-ready`, {
        duration: CONSISTENCY_WAITS.serviceAgent,
        after: [agent],
      }),
    );
  }

  private memo(key: string, create: () => IPrincipal): IPrincipal {
    let agent = this.agents.get(key);
    if (!agent) {
      agent = create();
      this.agents.set(key, agent);
    }
    return agent;
  }
}
