/**
 * The justification every exception and opt-out carries (reason, owner, expiry), shared by the config
 * schema (opt-outs) and the policy check (exceptions files and `suppress()`), so both accept the same.
 */
import { z } from "zod";

export const MIN_REASON_LENGTH = 20;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TEAM = /^[a-z][a-z0-9._-]{1,62}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isRealDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** Who answers for an exception, why, and until when. */
export const justificationFieldsSchema = z.object({
  reason: z
    .string({
      required_error: `required field is missing; expected at least ${MIN_REASON_LENGTH} characters of justification`,
    })
    .refine(
      (r) => r.trim().length >= MIN_REASON_LENGTH,
      `must explain the exception in at least ${MIN_REASON_LENGTH} characters`,
    ),
  owner: z
    .string({ required_error: "required field is missing; expected an email address or a team name" })
    .refine(
      (o) => EMAIL.test(o) || TEAM.test(o),
      "must be an email address or a team name (lowercase letters, digits, '.', '_', '-')",
    ),
  expires: z
    .string({
      required_error: "required field is missing; expected an expiry date YYYY-MM-DD",
      invalid_type_error: "must be a date YYYY-MM-DD in quotes",
    })
    .refine(isRealDate, "must be a real date YYYY-MM-DD"),
});

/** The day `days` after `day` (YYYY-MM-DD). */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
