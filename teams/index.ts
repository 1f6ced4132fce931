import type { TeamStack } from "../stacks/team-stack";
import { paymentsTeam } from "./payments";

/** A team's resources, added to a `TeamStack` in each environment it runs in. */
export interface TeamDefinition {
  /** Team name (stack `<team>-<env>`). */
  readonly team: string;
  /**
   * Environments the team deploys to.
   * @default every environment
   */
  readonly environments?: readonly string[];
  /** Adds the team's resources to its stack. */
  readonly build: (stack: TeamStack) => void;
}

/** Every team of this kit; `main.ts` creates one `TeamStack` per team and environment. */
export const TEAMS: readonly TeamDefinition[] = [{ team: "payments", build: paymentsTeam }];
