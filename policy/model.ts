/**
 * The policy check's vocabulary. Everything here describes synthesized Terraform JSON (`cdk.tf.json`);
 * nothing imports cdktf or a provider, so the checker stays fast and checks exactly what Terraform applies.
 */
import type { RetentionBounds } from "../core/rules/retention";

/** A rule's verdict on one subject: compliant, non-compliant (with what is wrong), or not applicable. */
export type Outcome = "pass" | "n/a" | `fail: ${string}`;

export type Severity = "error" | "warning";

/** Rule packs: `baseline` holds every control; `hipaa` the controls that map to the HIPAA Security Rule or the Upstash shared-responsibility model. */
export type PackName = "baseline" | "hipaa";
export const PACK_NAMES: readonly PackName[] = ["baseline", "hipaa"];

/** One resource of a synthesized stack, with its blocks as written by cdktf (objects or arrays). */
export interface Resource {
  /** Terraform type, e.g. `google_storage_bucket`. */
  readonly type: string;
  /** Logical name (cdktf's unique id). */
  readonly name: string;
  /** Terraform address: `type.name`. */
  readonly address: string;
  /** Construct path from `//.metadata.path` (the address when the JSON has none). */
  readonly path: string;
  /** Attributes and blocks, including `lifecycle` and `//`. */
  readonly attrs: Readonly<Record<string, unknown>>;
}

/** Where a control comes from and what it answers to. */
export interface Mappings {
  /** Seed document lines: `000` (Upstash shared responsibility) or `002` (GCP security practices). */
  readonly seed?: readonly { readonly file: "000" | "002"; readonly line: number; readonly text: string }[];
  /** CIS Google Cloud Platform Foundation Benchmark v4 recommendation numbers. */
  readonly cis?: readonly string[];
  /** Checkov check ids. */
  readonly checkov?: readonly string[];
  /** HIPAA Security Rule sections (45 CFR), e.g. `164.312(b)`. */
  readonly hipaa?: readonly string[];
  /**
   * AICPA Trust Services Criteria the control helps meet, e.g. `CC6.1`. Filled from
   * `policy/controls/soc2.ts` unless the control sets its own.
   */
  readonly soc2?: readonly string[];
  /** Other anchors (Cloud Foundation Toolkit, provider docs). */
  readonly other?: readonly string[];
}

/** A rule over one resource type (or several). */
export interface ResourceRule {
  readonly kind: "resource";
  /** Terraform types the rule judges; other resources are not applicable. */
  readonly types: readonly string[];
  readonly check: (resource: Resource, ctx: StackContext) => Outcome;
}

/** A stack-level verdict: what it is about (a resource, or the stack as a whole) and the resources that satisfy it. */
export interface StackVerdict {
  /** The resource the verdict is about; omitted for the stack as a whole. */
  readonly subject?: Resource;
  readonly outcome: Outcome;
  /** Addresses of the resources that satisfy the control (shown in the report). */
  readonly evidence?: readonly string[];
}

/** A rule over the whole stack (presence of a resource, relations between resources). No verdicts = not applicable. */
export interface StackRule {
  readonly kind: "stack";
  readonly check: (ctx: StackContext) => readonly StackVerdict[];
}

export type Rule = ResourceRule | StackRule;

/** One control: the single table row that both the checker and the report read. */
export interface ControlDefinition {
  /** Stable id (`GCS-1`), listed in docs/controls.md; never reused. */
  readonly id: string;
  /** What must be true, in a few words. */
  readonly title: string;
  /** `error` fails synthesis; `warning` is reported and does not. */
  readonly severity: Severity;
  /** Why it matters: what a reviewer reads. */
  readonly why: string;
  /** How to fix a violation. */
  readonly fix: string;
  readonly mappings: Mappings;
  readonly rule: Rule;
}

/** A control with the packs it belongs to (derived from its mappings). */
export interface Control extends ControlDefinition {
  readonly packs: readonly PackName[];
}

/** Settings the stack records for the checker under the root `//.policy` key. */
export interface StackPolicySettings {
  /** Pack that decides which controls are enforced. */
  readonly pack: PackName;
  /** Environment name; selects `config/exceptions/<environment>.yaml`. */
  readonly environment?: string;
  /** Production environments get stricter rules (HSM keys, HA database, multi-region Redis). */
  readonly production: boolean;
  /**
   * The stack's part in its environment. Project-wide controls (audit logging, CIS alerts) are checked
   * on the `baseline` stack; `bootstrap` creates the state bucket (its own state starts local);
   * `workload` stacks (teams) build on the baseline. Unrecorded stacks are treated as `baseline`.
   */
  readonly role: StackRole;
  /**
   * GCS-7, RET-1: the environment's retention bounds (`retention` in its configuration). Never read from
   * the JSON; absent, the controls use the kit's defaults (core/rules/retention.ts).
   */
  readonly retention?: RetentionBounds;
}

export type StackRole = "baseline" | "bootstrap" | "workload";
export const STACK_ROLES: readonly StackRole[] = ["baseline", "bootstrap", "workload"];

/** One `output` of a stack, normalized and resolved. */
export interface StackOutput {
  readonly name: string;
  /** The output's value after resolution (`${local.x}` replaced). */
  readonly value: unknown;
  /** The `sensitive` flag as Terraform reads it (`"true"` counts). */
  readonly sensitive: boolean;
  readonly attrs: Readonly<Record<string, unknown>>;
}

/** One provider configuration block (`provider.google`, `provider["google-beta"]` with an alias, ...). */
export interface ProviderConfig {
  /** Provider local name: `google`, `google-beta`, `upstash`. */
  readonly type: string;
  readonly alias?: string;
  /** Resolved attributes. */
  readonly attrs: Readonly<Record<string, unknown>>;
}

/** One `variable` declaration. */
export interface VariableDeclaration {
  readonly name: string;
  /** The default after resolution; undefined when the variable has none (its value comes from outside). */
  readonly default: unknown;
  readonly hasDefault: boolean;
  readonly attrs: Readonly<Record<string, unknown>>;
}

/** What rules see: the stack's resources with indexes, its settings and raw JSON. */
export interface StackContext {
  readonly stackName: string;
  readonly settings: StackPolicySettings;
  /** Managed resources, normalized (every JSON form) and resolved (locals, variables, pure functions). */
  readonly resources: readonly Resource[];
  /** Resources by type (empty list for absent types). */
  readonly ofType: (type: string) => readonly Resource[];
  /** Data sources, normalized and resolved; address `data.<type>.<name>`. */
  readonly dataSources: readonly Resource[];
  /** Outputs, normalized and resolved. */
  readonly outputs: readonly StackOutput[];
  /** Provider configurations, normalized and resolved. */
  readonly providers: readonly ProviderConfig[];
  /** Locals as written (merged from every `locals` block). */
  readonly locals: Readonly<Record<string, unknown>>;
  /** Variable declarations. */
  readonly variables: readonly VariableDeclaration[];
  /**
   * The environment's Google Cloud project from the validated configuration (POL-3), when known.
   * @default undefined (no configuration: the project is not checked)
   */
  readonly projectId?: string;
  /**
   * The environment's deployer (the first of `state.deployers`) from the validated configuration: the one
   * identity that may hold the kit's deployer roles, granted in the bootstrap stack (IAM-1).
   * @default undefined (no configuration: no grant is accepted as the deployer's)
   */
  readonly deployer?: string;
  /**
   * The environment's configuration holds PHI in Redis (`redis.hipaa`, or `labels.data_classification:
   * restricted`): UPS-10 then treats every Redis database of the stack as HIPAA, whatever its metadata says.
   * @default false (no configuration: only the databases' own metadata counts)
   */
  readonly hipaaRedis?: boolean;
  /**
   * The company's e-mail domains for Upstash team members (`redis.team.emailDomains`), for UPS-11.
   * @default none (any domain)
   */
  readonly upstashEmailDomains?: readonly string[];
  /** The whole synthesized JSON (terraform, provider, output, ...), as written. */
  readonly json: Readonly<Record<string, unknown>>;
}

/** A justified exception: from `suppress()` (in the JSON) or an exceptions file. */
export interface Exception {
  readonly control: string;
  readonly reason: string;
  readonly owner: string;
  /** YYYY-MM-DD; the exception stops applying after this day. */
  readonly expires: string;
  /** Where it was declared: a construct path or `file:entry`. */
  readonly source: string;
  /** Resource address or construct path prefix it covers; undefined = the whole stack. */
  readonly target?: string;
  /** The stack it covers (exceptions files); undefined = every stack of the environment (with a `target`). */
  readonly stack?: string;
}

/** One rule violation. */
export interface Finding {
  readonly control: string;
  readonly stack: string;
  /** Terraform address, or `(stack)` for stack-level findings. */
  readonly resource: string;
  /** Construct path (or the stack name). */
  readonly path: string;
  readonly severity: Severity;
  /** What is wrong. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
}

/** A finding waived by an exception. */
export interface SuppressedFinding extends Finding {
  readonly exception: Exception;
}

export type ControlStatus = "pass" | "fail" | "suppressed" | "not-applicable";

/** A control's result in one stack (what the report shows). */
export interface ControlResult {
  readonly control: Control;
  readonly status: ControlStatus;
  /** Addresses of resources that satisfy the control. */
  readonly satisfiedBy: readonly string[];
  readonly findings: readonly Finding[];
  readonly suppressed: readonly SuppressedFinding[];
}

/** The result of checking one stack. */
export interface StackReport {
  readonly stack: string;
  /** The `cdk.tf.json` that was checked. */
  readonly file: string;
  readonly settings: StackPolicySettings;
  readonly results: readonly ControlResult[];
  /** Unsuppressed findings of controls in the pack (errors fail the check). */
  readonly findings: readonly Finding[];
  readonly suppressed: readonly SuppressedFinding[];
  /** Exceptions-file entries that matched no finding (stale, should be removed). */
  readonly unusedExceptions: readonly Exception[];
  /** The stack's resources, for the report's diagram. */
  readonly resources: readonly Resource[];
}
