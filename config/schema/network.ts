import { z } from "zod";
import { formatPath } from "../errors";
import {
  firstOverlap,
  isPrivateIpv4Range,
  isWholeInternet,
  parseIpv4Cidr,
  type LabelledCidr,
} from "../../shared/rules/cidr";
import { coversPublicSpace, isPublicRange } from "../../shared/rules/cidr";
import { optOutSchema } from "./policy";
import { regionSchema } from "./primitives";

/** A range the VPC owns: private address space, prefix within [widest, narrowest]. */
function privateCidrSchema(widest: number, narrowest: number) {
  return z.string().superRefine((text, ctx) => {
    const parsed = parseIpv4Cidr(text);
    if (typeof parsed === "string") {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: parsed });
    } else if (!isPrivateIpv4Range(parsed)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message:
          "must be private address space: inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10",
      });
    } else if (parsed.prefix < widest || parsed.prefix > narrowest) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `the prefix length must be /${widest} to /${narrowest}`,
      });
    }
  });
}

const resourceNameSchema = z
  .string()
  .regex(
    /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/,
    "must be 1-63 lowercase letters, digits or hyphens, starting with a letter",
  );
const ruleNameSchema = z
  .string()
  .regex(
    /^[a-z]([-a-z0-9]{0,22}[a-z0-9])?$/,
    "must be 1-24 lowercase letters, digits or hyphens, starting with a letter",
  );
const networkTagSchema = z
  .string()
  .regex(
    /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/,
    "must be a network tag: 1-63 lowercase letters, digits or hyphens, starting with a letter",
  );
const portSchema = z
  .string({ invalid_type_error: 'must be a port as a string, e.g. "443" or "8000-8080"' })
  .refine((port) => {
    const match = /^([0-9]{1,5})(-([0-9]{1,5}))?$/.exec(port);
    if (!match) return false;
    const low = Number(match[1]);
    const high = match[3] === undefined ? low : Number(match[3]);
    return low >= 1 && high <= 65535 && low <= high;
  }, 'must be a port 1-65535 or a range such as "8000-8080"');
const protocolSchema = z
  .enum(["tcp", "udp"], { errorMap: () => ({ message: "must be one of: tcp, udp" }) })
  .default("tcp");

/** A literal IPv4 block that passed the per-range checks (not the whole internet). */
function isAcceptableRange(text: string): boolean {
  return !isWholeInternet(text) && typeof parseIpv4Cidr(text) !== "string";
}

/** NET-4: a source the internet is not. */
const ingressSourceSchema = z.string().superRefine((text, ctx) => {
  if (isWholeInternet(text)) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message:
        "ingress from the whole internet (0.0.0.0/0 or ::/0) is never allowed (NET-4); name the sources' ranges",
    });
    return;
  }
  const parsed = parseIpv4Cidr(text);
  if (typeof parsed === "string") ctx.addIssue({ code: z.ZodIssueCode.custom, message: parsed });
  else if (parsed.prefix < 8) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: "is wider than /8; ingress sources must be named ranges, not a slice of the internet (NET-4)",
    });
  }
});

/** NET-3: a destination narrower than the internet. */
const egressDestinationSchema = z.string().superRefine((text, ctx) => {
  if (isWholeInternet(text)) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message:
        "egress to the whole internet would void the deny-all egress rule (NET-3); name the destinations' ranges",
    });
    return;
  }
  const parsed = parseIpv4Cidr(text);
  if (typeof parsed === "string") ctx.addIssue({ code: z.ZodIssueCode.custom, message: parsed });
});

const subnetSchema = z
  .object({
    name: resourceNameSchema,
    /** Primary range (private address space, /8 to /29). */
    cidr: privateCidrSchema(8, 29),
    /** Defaults to the environment's region. */
    region: regionSchema.optional(),
    secondaryRanges: z
      .array(z.object({ name: resourceNameSchema, cidr: privateCidrSchema(8, 29) }).strict())
      .default([]),
  })
  .strict();

const egressAllowSchema = z
  .object({
    name: ruleNameSchema,
    destinationCidrs: z.array(egressDestinationSchema).min(1, "must name at least one destination range"),
    ports: z.array(portSchema).min(1, "must list at least one port"),
    protocol: protocolSchema,
    targetTags: z.array(networkTagSchema).optional(),
  })
  .strict()
  .superRefine((rule, ctx) => {
    if (rule.destinationCidrs.every(isAcceptableRange) && coversPublicSpace(rule.destinationCidrs)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["destinationCidrs"],
        message:
          "together reach more public address space than one /8, which voids the deny-all egress rule (NET-3); name the destinations' ranges",
      });
    }
  });

const ingressAllowSchema = z
  .object({
    name: ruleNameSchema,
    sourceCidrs: z.array(ingressSourceSchema).min(1, "must name at least one source range"),
    ports: z.array(portSchema).min(1, "must list at least one port"),
    protocol: protocolSchema,
    targetTags: z.array(networkTagSchema).optional(),
    /** Required when a source is public (a partner's range): reason, owner and expiry of the exception to NET-5. */
    optOut: optOutSchema.optional(),
  })
  .strict()
  .superRefine((rule, ctx) => {
    // Only when every range passed its own checks (a refused range already has its issue).
    if (!rule.sourceCidrs.every(isAcceptableRange)) return;
    const literal = rule.sourceCidrs;
    if (coversPublicSpace(literal)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["sourceCidrs"],
        message: "together admit more public address space than one /8 (NET-4); name the sources' ranges",
      });
    }
    const publicSources = literal.filter((c) => isPublicRange(c));
    if (publicSources.length && !rule.optOut) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["optOut"],
        message: `required for public source(s) ${publicSources.join(", ")}: an ingress range outside IAP, health checks and private space is an exception to NET-5 and needs { reason, owner, expires }`,
      });
    }
    if (!publicSources.length && rule.optOut) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["optOut"],
        message: "only allowed when a source range is public (private sources need no exception)",
      });
    }
  });

/** NET-1..13: the environment's VPC. */
export const networkSchema = z
  .object({
    /** Network name; defaults to `<environment>-vpc`. */
    name: z
      .string()
      .regex(
        /^[a-z]([-a-z0-9]{0,22}[a-z0-9])?$/,
        "must be 1-24 lowercase letters, digits or hyphens, starting with a letter",
      )
      .optional(),
    subnets: z
      .array(subnetSchema)
      .min(1, "must list at least one subnet")
      .default([{ name: "workloads", cidr: "10.10.0.0/20" }]),
    /** NET-12: range for Google-managed services (Cloud SQL). */
    privateServiceAccessRange: privateCidrSchema(8, 24).default("10.100.0.0/16"),
    /** NET-8: fraction of flows logged. */
    flowLogSampling: z
      .number({ invalid_type_error: "must be a number greater than 0 and at most 1.0" })
      .gt(0, "must be greater than 0 and at most 1.0 (NET-8 expects 1.0)")
      .max(1, "must be greater than 0 and at most 1.0 (NET-8 expects 1.0)")
      .default(1),
    /** NET-10: static NAT egress addresses per region. */
    natIpCount: z
      .number({ invalid_type_error: "must be a whole number from 1 to 16" })
      .int("must be a whole number from 1 to 16")
      .min(1, "must be a whole number from 1 to 16")
      .max(16, "must be a whole number from 1 to 16")
      .default(1),
    /** NET-2: tags of the instances that get the NAT internet route; [] for every instance. */
    natEgressTags: z.array(networkTagSchema).default(["nat-egress"]),
    /** NET-5: SSH/RDP from IAP's range only. */
    allowIapAdminAccess: z.boolean().default(false),
    /** NET-5: load balancer health checks from Google's ranges. */
    allowHealthChecks: z.boolean().default(false),
    egressAllows: z.array(egressAllowSchema).default([]),
    ingressAllows: z.array(ingressAllowSchema).default([]),
    /** NET-13. */
    sslPolicy: z
      .object({
        profile: z
          .enum(["MODERN", "RESTRICTED"], {
            errorMap: () => ({
              message: "must be one of: MODERN, RESTRICTED (COMPATIBLE allows weak ciphers; NET-13)",
            }),
          })
          .default("MODERN"),
        minTlsVersion: z
          .enum(["TLS_1_2", "TLS_1_3"], {
            errorMap: () => ({
              message: "must be one of: TLS_1_2, TLS_1_3 (TLS 1.0 and 1.1 are refused; NET-13)",
            }),
          })
          .default("TLS_1_2"),
      })
      .strict()
      .default({}),
  })
  .strict()
  .superRefine((network, ctx) => {
    const seen = new Set<string>();
    network.subnets.forEach((subnet, i) => {
      if (seen.has(subnet.name)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ["subnets", i, "name"],
          message: "must be unique among the subnets",
        });
      }
      seen.add(subnet.name);
    });
    const allDestinations = network.egressAllows.flatMap((r) => r.destinationCidrs.filter(isAcceptableRange));
    if (
      coversPublicSpace(allDestinations) &&
      network.egressAllows.every(
        (r) => !coversPublicSpace(r.destinationCidrs.filter((c) => typeof parseIpv4Cidr(c) !== "string")),
      )
    ) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["egressAllows"],
        message:
          "the egress allows together reach more public address space than one /8, which voids the deny-all egress rule (NET-3)",
      });
    }
    for (const [kind, rules] of [
      ["egress", network.egressAllows],
      ["ingress", network.ingressAllows],
    ] as const) {
      const names = new Set<string>();
      rules.forEach((rule, i) => {
        if (names.has(rule.name)) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: [`${kind}Allows`, i, "name"],
            message: `must be unique among the ${kind} allows`,
          });
        }
        names.add(rule.name);
      });
    }
    // Ranges that failed their own checks are skipped; they already have an issue.
    const ranges: (LabelledCidr & { path: (string | number)[] })[] = [];
    const collect = (path: (string | number)[], text: string) => {
      const cidr = parseIpv4Cidr(text);
      if (typeof cidr !== "string") ranges.push({ label: formatPath(path), cidr, path });
    };
    // The PSA range goes first so that an overlap is reported at the subnet's range: the PSA range is
    // often a default, and the loader shows the value as written in the file.
    collect(["privateServiceAccessRange"], network.privateServiceAccessRange);
    network.subnets.forEach((subnet, i) => {
      collect(["subnets", i, "cidr"], subnet.cidr);
      subnet.secondaryRanges.forEach((r, j) => collect(["subnets", i, "secondaryRanges", j, "cidr"], r.cidr));
    });
    const overlap = firstOverlap(ranges);
    if (overlap) {
      const [first, second] = overlap as [(typeof ranges)[number], (typeof ranges)[number]];
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: second.path,
        message: `overlaps network.${first.label} (${first.cidr.text}); subnet, secondary and private service access ranges must be disjoint`,
      });
    }
  });

export type NetworkConfig = z.output<typeof networkSchema>;
