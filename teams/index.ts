import type { TeamDefinition } from "../stacks/team-stack";
import { paymentsTeam } from "./payments";

/** Every team of this kit; `main.ts` creates one `TeamStack` per team and environment. */
export const TEAMS: readonly TeamDefinition[] = [{ team: "payments", build: paymentsTeam }];
