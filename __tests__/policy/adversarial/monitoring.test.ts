/**
 * Adversarial: paging alerts (MON-11, MON-14, REG-2). A team file adds uptime checks that do not probe like
 * a customer or page nobody; an edited baseline hides the container findings workflow or its alert behind
 * a local or a variable, or drops production's only uptime check. The check names the control each time.
 */
import { TerraformVariable, type IResolvable } from "cdktf";
import { MonitoringUptimeCheckConfig } from "@cdktf/provider-google/lib/monitoring-uptime-check-config";
import type { StackReport } from "../../../policy/model";
import type { TeamStack } from "../../../stacks/team-stack";
import { checkEdited, first, lines, synthTeams, type TeamCase } from "./support";

type Json = Record<string, unknown>;

function uptimeCheck(stack: TeamStack, validateSsl: boolean | IResolvable) {
  return new MonitoringUptimeCheckConfig(stack, "probe", {
    displayName: `${stack.team} probe`,
    timeout: "10s",
    monitoredResource: {
      type: "uptime_url",
      labels: { host: "app.example.com", project_id: "acme-redteam" },
    },
    httpCheck: { path: "/", port: 443, useSsl: true, validateSsl },
  });
}

const CASES: (TeamCase & { control: string; message: RegExp })[] = [
  {
    team: "mon-uptime-silent",
    control: "MON-14",
    message: /no alert policy on its monitoring\.googleapis\.com\/uptime_check\/check_passed/,
    build: (stack) => void uptimeCheck(stack, true),
  },
  {
    team: "mon-uptime-var",
    control: "MON-14",
    message: /http_check\.validate_ssl is .* \(an expired or wrong certificate is an outage too\)/,
    build: (stack) => {
      const validate = new TerraformVariable(stack, "validate", { type: "bool", default: false });
      uptimeCheck(stack, validate.booleanValue);
    },
  },
];

describe("adversarial: paging alerts (team files synthesized through the app)", () => {
  let reports: Map<string, StackReport>;
  beforeAll(() => {
    reports = synthTeams(CASES);
  });

  it.each(CASES.map((c) => [c.team, c] as const))("%s is caught", (_team, c) => {
    const report = reports.get(c.team)!;
    expect(lines(report.findings.filter((f) => f.control === c.control))).toEqual(
      expect.arrayContaining([expect.stringMatching(c.message)]),
    );
  });
});

describe("adversarial: paging alerts (edited baseline JSON through the CLI)", () => {
  const messages = (result: ReturnType<typeof checkEdited>, control: string) =>
    result.findings.filter((f) => f.control === control).map((f) => f.message);

  it("the findings workflow's source moved into a local is not the kit's source (REG-2)", () => {
    const result = checkEdited("baseline-dev", (j) => {
      const workflow = first(j, "google_workflows_workflow");
      j.locals = { ...(j.locals as Json), src: workflow.source_contents };
      workflow.source_contents = "${local.src}";
    });
    expect(messages(result, "REG-2")[0]).toMatch(/does not run the kit's workflow source/);
  });

  it("the findings alert switched on by a variable that defaults to off pages nobody (REG-2)", () => {
    const result = checkEdited("baseline-dev", (j) => {
      j.variable = { ...(j.variable as Json), findings_on: { type: "bool", default: false } };
      const policies = (j.resource as Record<string, Record<string, Json>>).google_monitoring_alert_policy;
      const findings = Object.values(policies).find((p) =>
        JSON.stringify(p.conditions).includes("container-vulnerability"),
      )!;
      findings.enabled = "${var.findings_on}";
    });
    expect(messages(result, "REG-2")[0]).toMatch(/^the alert policy on the finding log entries pages nobody/);
  });

  it("production without its uptime check is refused (MON-14)", () => {
    const result = checkEdited("baseline-prod", (j) => {
      const resources = j.resource as Record<string, Record<string, Json>>;
      delete resources.google_monitoring_uptime_check_config;
      const policies = resources.google_monitoring_alert_policy;
      for (const [name, p] of Object.entries(policies))
        if (JSON.stringify(p.conditions).includes("uptime_check")) delete policies[name];
    });
    expect(messages(result, "MON-14")).toEqual([
      "no uptime check of the application in a production environment (config monitoring.uptimeChecks)",
    ]);
  });

  it("a connections alert whose threshold comes from a variable is not as strict as the kit (MON-11)", () => {
    const result = checkEdited("baseline-dev", (j) => {
      j.variable = { ...(j.variable as Json), backends: { type: "number", default: 10000 } };
      const policies = (j.resource as Record<string, Record<string, Json>>).google_monitoring_alert_policy;
      const connections = Object.values(policies).find((p) =>
        JSON.stringify(p.conditions).includes("num_backends"),
      )!;
      ((connections.conditions as Json[])[0].condition_threshold as Json).threshold_value = "${var.backends}";
    });
    expect(messages(result, "MON-11")[0]).toMatch(/num_backends as strictly as the kit: .*is looser than/);
  });
});
