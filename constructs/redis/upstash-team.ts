import { Construct } from "constructs";
import { Team } from "../../.gen/providers/upstash/team";
import {
  emailDomainProblem,
  teamMemberProblem,
  teamMembershipProblem,
  teamNameProblem,
  type UpstashTeamRole,
} from "../../core/rules/upstash-team";
import { InvalidPropError } from "../errors";
import { retainLifecycle } from "../lifecycle";

export type { UpstashTeamRole };

export interface UpstashTeamProps {
  /** Team name as the Upstash console shows it (1-40 letters, digits, spaces, '_' or '-'); changing it replaces the team. */
  readonly name: string;
  /**
   * E-mail → role. Exactly one `owner`, the owner of the Developer API key that deploys (the provider requires
   * it); at most two `admin`s; everyone else `dev` or `finance`.
   */
  readonly members: Readonly<Record<string, UpstashTeamRole>>;
  /**
   * The company's e-mail domains: every member must have an address in one of them.
   * @default any domain
   */
  readonly emailDomains?: readonly string[];
  /**
   * Opt-out of prevent_destroy: let `terraform destroy` delete the team.
   * @default false
   */
  readonly allowDestroy?: boolean;
}

const CONSTRUCT = "UpstashTeam";

/**
 * UPS-11: the Upstash team whose members may use the console, from configuration, so that membership is
 * reviewed in pull requests and judged by the policy check: one owner, at most two admins, company
 * addresses only. The credit card is never copied to the team (`copy_cc = false`). MFA on every account
 * and Credential Protection are Upstash account settings no API exposes: they remain manual duties.
 *
 * Databases live where the deploying Developer API key points; to keep them in this team, create the
 * key in the team (docs/redis.md).
 */
export class UpstashTeam extends Construct {
  readonly resource: Team;
  /** Upstash's team id (a reference). */
  readonly teamId: string;

  constructor(scope: Construct, id: string, props: UpstashTeamProps) {
    super(scope, id);
    const nameProblem = teamNameProblem(props.name);
    if (nameProblem) throw new InvalidPropError(CONSTRUCT, "name", props.name, nameProblem);
    const domains = [...(props.emailDomains ?? [])];
    domains.forEach((domain, i) => {
      const problem = emailDomainProblem(domain);
      if (problem) throw new InvalidPropError(CONSTRUCT, `emailDomains[${i}]`, domain, problem);
    });
    for (const [email, role] of Object.entries(props.members)) {
      const problem = teamMemberProblem(email, role, domains);
      if (problem) throw new InvalidPropError(CONSTRUCT, `members["${email}"]`, role, problem);
    }
    const membership = teamMembershipProblem(props.members);
    if (membership)
      throw new InvalidPropError(CONSTRUCT, "members", Object.values(props.members), membership);

    this.resource = new Team(this, "team", {
      teamName: props.name,
      copyCc: false,
      teamMembers: { ...props.members },
      lifecycle: retainLifecycle(props.allowDestroy),
    });
    this.node.defaultChild = this.resource;
    this.teamId = this.resource.teamId;
  }
}
