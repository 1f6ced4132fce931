import { z } from "zod";
import { formatPath } from "../errors";
import { isPublicRange } from "../../core/rules/cidr";
import {
  FLOW_LOG_SAMPLING_ALLOWED,
  MIN_TLS_VERSIONS,
  MIN_TLS_VERSION_ALLOWED,
  NAT_IP_COUNT,
  NETWORK_NAME,
  NETWORK_TAG,
  PRIVATE_SERVICE_ACCESS_PREFIXES,
  RANGES_DISJOINT,
  RESOURCE_NAME,
  RULE_NAME,
  SSL_POLICY_PROFILES,
  SSL_POLICY_PROFILE_ALLOWED,
  SUBNET_PREFIXES,
  combinedEgressProblem,
  duplicateIndexes,
  egressDestinationProblem,
  egressDestinationsProblem,
  ingressSourceProblem,
  ingressSourcesProblem,
  overlappingRanges,
  ownedRanges,
  parsePrivateRange,
  portProblem,
  type NameRule,
  type PrefixBounds,
} from "../../core/rules/network";
import { optOutSchema } from "./policy";
import { regionSchema } from "./primitives";

/** A string refused with the sentence a shared predicate returns (core/rules/network.ts). */
function checkedString(problem: (text: string) => string | undefined) {
  return z.string().superRefine((text, ctx) => {
    const message = problem(text);
    if (message) ctx.addIssue({ code: z.ZodIssueCode.custom, message });
  });
}

/** A range the VPC owns: private address space, prefix within the bounds. */
function privateCidrSchema(bounds: PrefixBounds) {
  return checkedString((text) => {
    const parsed = parsePrivateRange(text, bounds);
    return typeof parsed === "string" ? parsed : undefined;
  });
}

const NAT_IP_COUNT_ALLOWED = `must be a whole number from ${NAT_IP_COUNT.min} to ${NAT_IP_COUNT.max}`;
const nameSchema = (rule: NameRule) => z.string().regex(rule.pattern, rule.allowed);
const resourceNameSchema = nameSchema(RESOURCE_NAME);
const ruleNameSchema = nameSchema(RULE_NAME);
const networkTagSchema = nameSchema(NETWORK_TAG);
const portSchema = z
  .string({ invalid_type_error: 'must be a port as a string, e.g. "443" or "8000-8080"' })
  .superRefine((port, ctx) => {
    const message = portProblem(port);
    if (message) ctx.addIssue({ code: z.ZodIssueCode.custom, message });
  });
const protocolSchema = z
  .enum(["tcp", "udp"], { errorMap: () => ({ message: "must be one of: tcp, udp" }) })
  .default("tcp");

/** NET-4: a source the internet is not. */
const ingressSourceSchema = checkedString(ingressSourceProblem);

/** NET-3: a destination narrower than the internet. */
const egressDestinationSchema = checkedString(egressDestinationProblem);

const subnetSchema = z
  .object({
    name: resourceNameSchema,
    /** Primary range (private address space, /8 to /29). */
    cidr: privateCidrSchema(SUBNET_PREFIXES),
    /** Defaults to the environment's region. */
    region: regionSchema.optional(),
    secondaryRanges: z
      .array(z.object({ name: resourceNameSchema, cidr: privateCidrSchema(SUBNET_PREFIXES) }).strict())
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
    const message = egressDestinationsProblem(rule.destinationCidrs);
    if (message) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["destinationCidrs"], message });
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
    if (rule.sourceCidrs.some(ingressSourceProblem)) return;
    const literal = rule.sourceCidrs;
    const message = ingressSourcesProblem(literal);
    if (message) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["sourceCidrs"], message });
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
    name: nameSchema(NETWORK_NAME).optional(),
    subnets: z
      .array(subnetSchema)
      .min(1, "must list at least one subnet")
      .default([{ name: "workloads", cidr: "10.10.0.0/20" }]),
    /** NET-12: range for Google-managed services (Cloud SQL). */
    privateServiceAccessRange: privateCidrSchema(PRIVATE_SERVICE_ACCESS_PREFIXES).default("10.100.0.0/16"),
    /** NET-8: fraction of flows logged. */
    flowLogSampling: z
      .number({ invalid_type_error: "must be a number greater than 0 and at most 1.0" })
      .gt(0, FLOW_LOG_SAMPLING_ALLOWED)
      .max(1, FLOW_LOG_SAMPLING_ALLOWED)
      .default(1),
    /** NET-10: static NAT egress addresses per region. */
    natIpCount: z
      .number({ invalid_type_error: NAT_IP_COUNT_ALLOWED })
      .int(NAT_IP_COUNT_ALLOWED)
      .min(NAT_IP_COUNT.min, NAT_IP_COUNT_ALLOWED)
      .max(NAT_IP_COUNT.max, NAT_IP_COUNT_ALLOWED)
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
          .enum(SSL_POLICY_PROFILES, { errorMap: () => ({ message: SSL_POLICY_PROFILE_ALLOWED }) })
          .default("MODERN"),
        minTlsVersion: z
          .enum(MIN_TLS_VERSIONS, { errorMap: () => ({ message: MIN_TLS_VERSION_ALLOWED }) })
          .default("TLS_1_2"),
      })
      .strict()
      .default({}),
  })
  .strict()
  .superRefine((network, ctx) => {
    for (const i of duplicateIndexes(network.subnets.map((subnet) => subnet.name))) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["subnets", i, "name"],
        message: "must be unique among the subnets",
      });
    }
    const combined = combinedEgressProblem(network.egressAllows);
    if (combined) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["egressAllows"], message: combined });
    for (const [kind, rules] of [
      ["egress", network.egressAllows],
      ["ingress", network.ingressAllows],
    ] as const) {
      for (const i of duplicateIndexes(rules.map((rule) => rule.name))) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [`${kind}Allows`, i, "name"],
          message: `must be unique among the ${kind} allows`,
        });
      }
    }
    // Ranges that failed their own checks are skipped; they already have an issue.
    const overlap = overlappingRanges(ownedRanges(network));
    if (overlap) {
      const [first, second] = overlap;
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: [...second.path],
        message: `overlaps network.${formatPath(first.path)} (${first.text}); ${RANGES_DISJOINT}`,
      });
    }
  });

export type NetworkConfig = z.output<typeof networkSchema>;
