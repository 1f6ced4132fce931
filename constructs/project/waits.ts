import type { Construct } from "constructs";
import { TerraformStack, type ITerraformDependable } from "cdktf";
import { TimeProvider } from "@cdktf/provider-time/lib/provider";
import { Sleep } from "@cdktf/provider-time/lib/sleep";

/**
 * How long to wait where Google is eventually consistent and the google provider does not retry. Each wait
 * is paid once, when the resource after it is created; a plan with nothing new waits for nothing.
 */
export const CONSISTENCY_WAITS = {
  /**
   * A service agent just created (or looked up for the first time) is not yet known to IAM: granting it a
   * role fails with "service account ... does not exist" (hashicorp/terraform-provider-google #9969, #7611).
   */
  serviceAgent: "60s",
  /**
   * A KMS grant to a service agent takes time to propagate: a CMEK resource created right after it fails
   * with 403 (hashicorp/terraform-provider-google #10310, #7611).
   */
  kmsGrant: "60s",
  /**
   * A new log-based metric is not yet visible to Cloud Monitoring: an alert policy on it fails with 404
   * "could take up to 10 minutes" although it depends on the metric (hashicorp/terraform-provider-google
   * #11102, #10325). Two minutes covers the usual delay; the provider's own retry covers no more.
   */
  logMetric: "120s",
  /**
   * Enabling Service Networking creates its agent and grants it `roles/servicenetworking.serviceAgent`;
   * the private service access connection fails while that grant propagates
   * (hashicorp/terraform-provider-google #14720).
   */
  serviceNetworkingAgent: "60s",
} as const;

export interface ConsistencyWaitProps {
  /** How long to wait, e.g. `"60s"` (a `CONSISTENCY_WAITS` value). */
  readonly duration: string;
  /** Resources whose creation starts the wait. */
  readonly after: ITerraformDependable[];
  /**
   * APIs whose enablement starts the wait (the stack's `ProjectApis` adds the `depends_on`).
   * @default none
   */
  readonly afterApis?: readonly string[];
}

/**
 * A `time_sleep` (hashicorp/time) created after `after`: resources that must not start before Google has
 * caught up depend on it. The time provider is declared once in the wait's stack.
 */
export class ConsistencyWait extends Sleep {
  /** APIs this wait follows; read by `ProjectApis` to add the `depends_on`. */
  readonly waitsForApis: readonly string[];

  constructor(scope: Construct, id: string, props: ConsistencyWaitProps) {
    timeProviderOf(scope);
    super(scope, id, { createDuration: props.duration, dependsOn: props.after });
    this.waitsForApis = props.afterApis ?? [];
  }
}

const TIME_PROVIDER_ID = "time";

/**
 * The default (unaliased) hashicorp/time provider of `scope`'s stack: one a team already declared, else one
 * declared now. Two default configurations of a provider in one stack would be a Terraform error.
 */
export function timeProviderOf(scope: Construct): TimeProvider {
  const stack = TerraformStack.of(scope);
  const existing = stack.node
    .findAll()
    .find((c): c is TimeProvider => c instanceof TimeProvider && c.alias === undefined);
  return existing ?? new TimeProvider(stack, TIME_PROVIDER_ID, {});
}
