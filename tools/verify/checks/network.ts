/**
 * Firewall rules, routes and subnetworks (NET-2..5, NET-7..9) through the Compute Engine API v1:
 * firewalls.list, routes.list, subnetworks.get.
 */
import type { Finding } from "../../../policy/model";
import { NotFoundError } from "../errors";
import { finding, missing, unmanaged, type LiveCheck, type VerifyContext } from "../context";
import type { Managed } from "../expected";
import { block, blocks } from "./blocks";

const INTERNET = ["0.0.0.0/0", "::/0"];

interface LiveFirewall {
  readonly name: string;
  readonly direction?: "INGRESS" | "EGRESS";
  readonly priority?: number;
  readonly sourceRanges?: string[];
  readonly destinationRanges?: string[];
  readonly allowed?: { IPProtocol?: string; ports?: string[] }[];
  readonly denied?: { IPProtocol?: string; ports?: string[] }[];
  readonly disabled?: boolean;
  readonly logConfig?: { enable?: boolean };
}

interface LiveRoute {
  readonly name: string;
  readonly destRange?: string;
  readonly nextHopGateway?: string;
  readonly nextHopNetwork?: string;
  readonly nextHopPeering?: string;
  readonly tags?: string[];
}

const sorted = (values: readonly unknown[] | undefined) => [...(values ?? [])].map(String).sort().join(",");

/** Problems with any live rule, managed or not: what opens the network to the internet. */
function exposure(rule: LiveFirewall): { control: string; message: string } | undefined {
  if (rule.disabled || !rule.allowed?.length) return undefined;
  if (rule.direction !== "EGRESS" && (rule.sourceRanges ?? []).some((r) => INTERNET.includes(r))) {
    return {
      control: "NET-4",
      message: `firewall rule ${rule.name} allows ingress from the internet (${rule.sourceRanges!.join(", ")})`,
    };
  }
  if (rule.direction === "EGRESS" && (rule.destinationRanges ?? []).some((r) => INTERNET.includes(r))) {
    return {
      control: "NET-3",
      message: `firewall rule ${rule.name} allows egress to the internet at priority ${rule.priority ?? 1000}, above the deny-all rule`,
    };
  }
  return undefined;
}

function judgeManagedRule(m: Managed, live: LiveFirewall): Finding[] {
  const out: Finding[] = [];
  const fix =
    "Run `cdktf deploy` to restore the rule, then find who changed it in the audit logs (MON-4 alerts on such changes)";
  const problem = exposure(live);
  if (problem) out.push(finding(m, problem.control, problem.message, fix));
  const egress = m.attrs.direction === "EGRESS";
  const control = egress ? "NET-3" : "NET-5";
  const wantedRanges = sorted(
    (egress ? m.attrs.destination_ranges : m.attrs.source_ranges) as unknown[] | undefined,
  );
  const liveRanges = sorted(egress ? live.destinationRanges : live.sourceRanges);
  if (!problem && wantedRanges !== liveRanges) {
    out.push(
      finding(
        m,
        control,
        `firewall rule ${m.name} now covers ${liveRanges || "no ranges"}, synthesized ${wantedRanges || "none"}`,
        fix,
      ),
    );
  }
  const wantedAllowed = sorted(
    blocks(m.attrs.allow).map((a) => `${String(a.protocol)}:${sorted(a.ports as unknown[])}`),
  );
  const liveAllowed = sorted((live.allowed ?? []).map((a) => `${a.IPProtocol}:${sorted(a.ports)}`));
  if (wantedAllowed !== liveAllowed) {
    out.push(
      finding(
        m,
        control,
        `firewall rule ${m.name} allows ${liveAllowed || "nothing"}, synthesized ${wantedAllowed || "nothing"}`,
        fix,
      ),
    );
  }
  if (live.disabled && !m.attrs.disabled) {
    out.push(finding(m, egress ? "NET-3" : "NET-4", `firewall rule ${m.name} is disabled`, fix));
  }
  if (block(m.attrs.log_config) && live.logConfig?.enable !== true) {
    out.push(finding(m, "NET-7", `firewall rule ${m.name} no longer logs`, fix));
  }
  if (Number(live.priority ?? 1000) !== Number(m.attrs.priority ?? 1000)) {
    out.push(
      finding(
        m,
        control,
        `firewall rule ${m.name} has priority ${live.priority}, synthesized ${String(m.attrs.priority ?? 1000)}`,
        fix,
      ),
    );
  }
  return out;
}

/** Routes Google creates itself (subnet and peering routes, the default network's route) are not drift. */
function isSystemRoute(route: LiveRoute): boolean {
  return !!route.nextHopNetwork || !!route.nextHopPeering || /^default-route-[0-9a-f]+$/.test(route.name);
}

interface LiveSubnetwork {
  readonly name: string;
  readonly privateIpGoogleAccess?: boolean;
  readonly logConfig?: { readonly enable?: boolean };
}

/** NET-8 (flow logs) and NET-9 (Private Google Access) on each managed subnetwork. */
async function subnetworkFindings(ctx: VerifyContext): Promise<Finding[]> {
  const out: Finding[] = [];
  const fix =
    "Run `cdktf deploy` to restore the subnetwork's settings, then find who changed them in the audit logs";
  for (const m of ctx.expected.subnetworks) {
    let live: LiveSubnetwork;
    try {
      live = await ctx.client.request<LiveSubnetwork>("compute", `/projects/${m.project}/${m.name}`);
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
      out.push(missing(m, "subnetwork"));
      continue;
    }
    if (block(m.attrs.log_config) && live.logConfig?.enable !== true) {
      out.push(finding(m, "NET-8", `subnetwork ${m.name} no longer writes VPC flow logs`, fix));
    }
    if (m.attrs.private_ip_google_access === true && live.privateIpGoogleAccess !== true) {
      out.push(finding(m, "NET-9", `subnetwork ${m.name} lost Private Google Access`, fix));
    }
  }
  return out;
}

export const networkCheck: LiveCheck = {
  area: "network",
  controls: ["NET-2", "NET-3", "NET-4", "NET-5", "NET-7", "NET-8", "NET-9"],
  role: "roles/compute.networkViewer",
  notApplicable: (expected) =>
    expected.firewalls.length === 0 && expected.routes.length === 0 && expected.subnetworks.length === 0,
  async run(ctx) {
    const out: Finding[] = [];
    for (const project of ctx.expected.projects) {
      const rules = await ctx.client.list<LiveFirewall>(
        "compute",
        `/projects/${project}/global/firewalls`,
        "items",
      );
      const byName = new Map(rules.map((r) => [r.name, r]));
      const expectedRules = ctx.expected.firewalls.filter((f) => f.project === project);
      for (const m of expectedRules) {
        const live = byName.get(m.name);
        out.push(
          ...(live
            ? judgeManagedRule(m, live)
            : [missing(m, "firewall rule", m.attrs.direction === "EGRESS" ? "NET-3" : "NET-4")]),
        );
      }
      const managed = new Set(expectedRules.map((m) => m.name));
      for (const rule of rules.filter((r) => !managed.has(r.name))) {
        out.push(unmanaged(project, "firewall rule", rule.name));
        const problem = exposure(rule);
        if (problem) {
          out.push(
            finding(
              { project, live: rule.name },
              problem.control,
              problem.message,
              "Delete the rule (or manage it in a stack so the policy check judges it)",
            ),
          );
        }
      }

      const routes = await ctx.client.list<LiveRoute>(
        "compute",
        `/projects/${project}/global/routes`,
        "items",
      );
      const routeByName = new Map(routes.map((r) => [r.name, r]));
      const expectedRoutes = ctx.expected.routes.filter((r) => r.project === project);
      for (const m of expectedRoutes) {
        const live = routeByName.get(m.name);
        if (!live) {
          out.push(missing(m, "route", "NET-2"));
        } else if (
          live.destRange !== m.attrs.dest_range ||
          sorted(live.tags) !== sorted(m.attrs.tags as unknown[])
        ) {
          out.push(
            finding(
              m,
              "NET-2",
              `route ${m.name} now sends ${live.destRange} for tags [${sorted(live.tags)}], synthesized ${String(m.attrs.dest_range)} for [${sorted(m.attrs.tags as unknown[])}]`,
              "Run `cdktf deploy` to restore the route",
            ),
          );
        }
      }
      const managedRoutes = new Set(expectedRoutes.map((r) => r.name));
      for (const route of routes.filter((r) => !managedRoutes.has(r.name) && !isSystemRoute(r))) {
        out.push(unmanaged(project, "route", route.name));
        if (route.destRange === "0.0.0.0/0" && route.nextHopGateway && !route.tags?.length) {
          out.push(
            finding(
              { project, live: route.name },
              "NET-2",
              `route ${route.name} sends every instance's traffic for 0.0.0.0/0 to the internet gateway`,
              "Delete the route; only the tagged NAT route may reach the internet gateway",
            ),
          );
        }
      }
    }
    out.push(...(await subnetworkFindings(ctx)));
    return out;
  },
};
