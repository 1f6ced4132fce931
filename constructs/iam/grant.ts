import type { ITerraformDependable, TerraformResource } from "cdktf";
import { InvalidPropError } from "../errors";
import type { IPrincipal } from "./principal";

/**
 * What a `grant*` method created: the IAM member resources (one per role) that give `principal` access.
 * Every construct's `grant*` returns one, as aws-cdk-lib's `iam.Grant`; the same call twice returns the
 * same `Grant` with the same bindings (one binding per role and principal, never a duplicate).
 */
export class Grant<B extends TerraformResource = TerraformResource> {
  /** A grant made of the bindings of several grants to one principal (e.g. two secrets' accessor roles). */
  static combine<B extends TerraformResource>(grants: readonly Grant<B>[]): Grant<B> {
    const [first] = grants;
    if (!first) throw new Error("Grant.combine: needs at least one grant");
    const other = grants.find((g) => g.principal.principalId !== first.principal.principalId);
    if (other) {
      throw new Error(
        `Grant.combine: grants to ${first.principal.principalId} and ${other.principal.principalId}; a Grant has one principal`,
      );
    }
    const bindings = [...new Set(grants.flatMap((g) => g.bindings))];
    return new Grant(
      first.principal,
      grants.flatMap((g) => g.roles),
      bindings,
    );
  }

  constructor(
    /** Who received the access. */
    readonly principal: IPrincipal,
    /** The roles granted, in the order of `bindings`. */
    readonly roles: readonly string[],
    /** The IAM member resources created (or reused, when the same grant was made before). */
    readonly bindings: readonly B[],
  ) {}

  /** The binding of a one-role grant; throws for a grant of several roles (use `bindings`). */
  get binding(): B {
    if (this.bindings.length !== 1) {
      throw new Error(
        `Grant to ${this.principal.principalId}: ${this.bindings.length} bindings; use .bindings`,
      );
    }
    return this.bindings[0];
  }

  /** What a resource that needs the access must depend on (`dependsOn: grant.dependables`). */
  get dependables(): ITerraformDependable[] {
    return [...this.bindings];
  }
}

/** One role of a grant: the IAM role and the verb that names its binding (`read` → `read-<principalId>`). */
export interface GrantRole {
  readonly role: string;
  /** Short verb; the binding's construct id is `<verb>-<principalId>`, so it must never change. */
  readonly verb: string;
  /**
   * The binding's construct id when it is not `<verb>-<principalId>` (an address pinned before this helper).
   * @default `<verb>-<principalId>`
   */
  readonly id?: string;
}

/** Creates the IAM member resource of one role for one member, at `id` under the owner. */
export type BindingFactory<B extends TerraformResource> = (
  id: string,
  role: string,
  member: string,
  verb: string,
) => B;

/**
 * The IAM bindings on one resource, created by its construct's `grant*` methods: one member resource per
 * role and principal, named `<verb>-<principalId>` under the owner (so Terraform addresses follow the
 * principal's stable id), reused when the same grant is asked for again. A second principal with the
 * same `principalId` but another member is refused: its binding would silently be the first one's.
 */
export class ResourceGrants<B extends TerraformResource> {
  private readonly bindings = new Map<string, { member: string; binding: B }>();
  private readonly grants = new Map<string, Grant<B>>();

  constructor(
    /** Construct name used in error messages (`KmsKey`, `SecureBucket`, ...). */
    private readonly construct: string,
    private readonly create: BindingFactory<B>,
  ) {}

  /** Grants every role of `roles` to `principal`; the same roles and principal return the same `Grant`. */
  grant(principal: IPrincipal, ...roles: readonly GrantRole[]): Grant<B> {
    const ids = roles.map(({ verb, id }) => id ?? `${verb}-${principal.principalId}`);
    const key = ids.join(" ");
    const known = this.grants.get(key);
    if (known) {
      this.requireSameMember(principal, ids[0]);
      return known;
    }
    const bindings = roles.map(({ role, verb }, i) => this.binding(principal, role, verb, ids[i]));
    const grant = new Grant(
      principal,
      roles.map((r) => r.role),
      bindings,
    );
    this.grants.set(key, grant);
    return grant;
  }

  private binding(principal: IPrincipal, role: string, verb: string, id: string): B {
    const existing = this.bindings.get(id);
    if (existing) {
      this.requireSameMember(principal, id);
      return existing.binding;
    }
    const binding = this.create(id, role, principal.member, verb);
    this.bindings.set(id, { member: principal.member, binding });
    return binding;
  }

  private requireSameMember(principal: IPrincipal, id: string): void {
    const existing = this.bindings.get(id);
    if (existing && existing.member !== principal.member) {
      throw new InvalidPropError(
        this.construct,
        "principal.principalId",
        principal.principalId,
        `already names a grant to another member (${existing.member}); give each principal its own principalId`,
      );
    }
  }
}
