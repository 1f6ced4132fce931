import { InvalidPropError, isLiteral } from "../errors";
import { NAMED_MEMBER, isPublicMember } from "../../core/rules/iam";

/**
 * Who receives a grant. `member` is an IAM member string (`serviceAccount:...`, `group:...`);
 * `principalId` names the grant's construct, so it must be stable: the Terraform address of every
 * IAM binding derives from it.
 */
export interface IPrincipal {
  readonly member: string;
  readonly principalId: string;
}

/** A named identity. Public members (allUsers, allAuthenticatedUsers) are refused (GCS-3, KMS-6). */
export class Principal implements IPrincipal {
  /**
   * @param member e.g. `group:data-readers@example.com`
   * @param principalId stable id for construct names; derived from a literal member when omitted
   */
  static fromMember(member: string, principalId?: string): Principal {
    return new Principal(member, principalId);
  }

  readonly principalId: string;

  private constructor(
    readonly member: string,
    principalId?: string,
  ) {
    if (isPublicMember(member)) {
      throw new InvalidPropError(
        "Principal",
        "member",
        member,
        "public members (allUsers, allAuthenticatedUsers) are never granted; name a user, group or service account",
      );
    }
    if (isLiteral(member) && !NAMED_MEMBER.test(member)) {
      throw new InvalidPropError(
        "Principal",
        "member",
        member,
        "must be an IAM member such as user:a@example.com, group:g@example.com or serviceAccount:sa@project.iam.gserviceaccount.com",
      );
    }
    if (principalId === undefined && !isLiteral(member)) {
      throw new InvalidPropError(
        "Principal",
        "principalId",
        principalId,
        "is required when the member is a reference resolved by Terraform (it names the grant's resource)",
      );
    }
    this.principalId = principalId ?? member.replace(/[^A-Za-z0-9-]+/g, "-").toLowerCase();
  }
}
