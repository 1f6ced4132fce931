import { UptimeChecks, type UptimeChecksProps } from "../../../constructs/monitoring/uptime-checks";
import { checkStack } from "../../../policy/check";
import type { StackRole } from "../../../policy/model";
import {
  constructTestStack,
  resourceAt,
  resourcesOf,
  synth,
  type SynthesizedStack,
} from "../../support/synth";

const CHANNEL = "projects/test-project-1/notificationChannels/123";
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function synthesized(props: Partial<UptimeChecksProps> = {}): SynthesizedStack {
  const stack = constructTestStack();
  new UptimeChecks(stack, "uptime", {
    projectId: "test-project-1",
    checks: [{ name: "app", url: "https://app.example.com:8443/healthz" }],
    notificationChannelIds: [CHANNEL],
    ...props,
  });
  return synth(stack);
}

/** MON-14's outcome on the construct's output after `change` edits a copy of it. */
function mon14(change: (json: Json) => void = () => {}, production = false, role: StackRole = "baseline") {
  const json = structuredClone(synthesized()) as Json;
  change(json);
  const report = checkStack(json, {
    file: "x",
    today: "2026-06-01",
    settings: { pack: "baseline", production, role },
  });
  const result = report.results.find((r) => r.control.id === "MON-14")!;
  return { status: result.status, messages: result.findings.map((f) => f.message) };
}

const only = (json: Json, type: string): Json => Object.values(json.resource[type] as Json)[0] as Json;

describe("UptimeChecks (MON-14)", () => {
  const json = synthesized();

  test("probes the URL over validated HTTPS every minute, expecting 2xx", () => {
    expect(resourceAt(json, "google_monitoring_uptime_check_config", "check-app")).toMatchObject({
      period: "60s",
      timeout: "10s",
      monitored_resource: {
        type: "uptime_url",
        labels: { host: "app.example.com", project_id: "test-project-1" },
      },
      http_check: {
        path: "/healthz",
        port: 8443,
        use_ssl: true,
        validate_ssl: true,
        accepted_response_status_codes: [{ status_class: "STATUS_CLASS_2XX" }],
      },
    });
  });

  test("pages when more than one region fails the check", () => {
    const policy = resourceAt(json, "google_monitoring_alert_policy", "alert-app") as Json;
    expect(policy.notification_channels).toEqual([CHANNEL]);
    expect(policy.conditions[0].condition_threshold).toMatchObject({
      filter: expect.stringMatching(
        /^metric\.type="monitoring\.googleapis\.com\/uptime_check\/check_passed" AND resource\.type="uptime_url" AND resource\.label\.host="[^"]+"$/,
      ),
      comparison: "COMPARISON_GT",
      threshold_value: 1,
      aggregations: [{ per_series_aligner: "ALIGN_NEXT_OLDER", cross_series_reducer: "REDUCE_COUNT_FALSE" }],
    });
  });

  test("no checks, no resources; bad input is refused before synthesis", () => {
    expect(resourcesOf(synthesized({ checks: [] }), "google_monitoring_uptime_check_config")).toEqual({});
    expect(() => synthesized({ checks: [{ name: "app", url: "http://app.example.com/" }] })).toThrow(
      /checks\[0\]\.url.*must use https:\/\//,
    );
    expect(() =>
      synthesized({
        checks: [
          { name: "app", url: "https://a.example.com/" },
          { name: "app", url: "https://b.example.com/" },
        ],
      }),
    ).toThrow(/checks\[1\]\.name.*is used twice/);
    // Its alert selects a check by host, so two checks of one host would share it.
    expect(() =>
      synthesized({
        checks: [
          { name: "app", url: "https://a.example.com/healthz" },
          { name: "api", url: "https://a.example.com/api/healthz" },
        ],
      }),
    ).toThrow(/checks\[1\]\.url.*probes host a\.example\.com like checks\[0\]: one check per host/);
    expect(() => synthesized({ notificationChannelIds: [] })).toThrow(/notificationChannelIds/);
  });
});

describe("MON-14 policy check", () => {
  test("passes on what the construct synthesizes", () => {
    expect(mon14()).toEqual({ status: "pass", messages: [] });
  });

  test("a check whose host is an expression cannot be tied to an alert (fails closed)", () => {
    const hidden = mon14((j) => {
      const check = only(j, "google_monitoring_uptime_check_config");
      (check.monitored_resource as Json).labels.host = "${var.app_host}";
    });
    expect(hidden.status).toBe("fail");
    expect(hidden.messages[0]).toMatch(/resource\.label\.host = the host it probes, which must be a literal/);
  });

  test("production needs an uptime check", () => {
    const none = (j: Json) => {
      delete j.resource.google_monitoring_uptime_check_config;
      delete j.resource.google_monitoring_alert_policy;
      // Still a stack with Google resources (project-wide controls judge only those).
      j.resource.google_project_service = { monitoring: { service: "monitoring.googleapis.com" } };
    };
    expect(mon14(none, true).messages).toEqual([
      "no uptime check of the application in a production environment (config monitoring.uptimeChecks)",
    ]);
    expect(mon14(none, false).status).toBe("not-applicable");
    // The minimum is the baseline's; a team stack without checks is fine.
    expect(mon14(none, true, "workload").status).toBe("not-applicable");
  });

  test("a team stack's uptime check must page too", () => {
    const silent = (j: Json) => (only(j, "google_monitoring_alert_policy").notification_channels = []);
    expect(mon14(silent, false, "workload").messages[0]).toMatch(/its alert policy pages nobody/);
    expect(mon14(() => {}, false, "workload").status).toBe("pass");
  });

  test("a plain, unvalidated, TCP or credentialed check is a finding", () => {
    const check = (j: Json) => only(j, "google_monitoring_uptime_check_config");
    expect(mon14((j) => (check(j).http_check.use_ssl = false)).messages[0]).toMatch(/use_ssl is false/);
    expect(mon14((j) => delete check(j).http_check.validate_ssl).messages[0]).toMatch(
      /validate_ssl is unset/,
    );
    expect(
      mon14((j) => {
        delete check(j).http_check;
        check(j).tcp_check = { port: 443 };
      }).messages[0],
    ).toMatch(/is a TCP check/);
    expect(mon14((j) => (check(j).http_check.headers = { Authorization: "Bearer x" })).messages[0]).toMatch(
      /carries a credential in the configuration \(Authorization\)/,
    );
    expect(
      mon14((j) => (check(j).http_check.auth_info = { username: "u", password: "p" })).messages[0],
    ).toMatch(/carries a credential .*auth_info/);
  });

  test("an alert that is disabled, silent, narrowed to one region or looser does not count", () => {
    const policy = (j: Json) => only(j, "google_monitoring_alert_policy");
    const threshold = (j: Json) => policy(j).conditions[0].condition_threshold;
    expect(mon14((j) => (policy(j).enabled = false)).messages[0]).toMatch(/its alert policy pages nobody/);
    expect(mon14((j) => (policy(j).notification_channels = [])).messages[0]).toMatch(/pages nobody/);
    expect(
      mon14((j) => (threshold(j).filter += ' AND metric.label.checker_location="usa-oregon"')).messages[0],
    ).toMatch(/narrows the check \(metric\.label\.checker_location="usa-oregon"\)/);
    expect(mon14((j) => (threshold(j).threshold_value = 3)).messages[0]).toMatch(
      /threshold_value 3 is looser than 1 failing region/,
    );
    expect(
      mon14((j) => (threshold(j).aggregations[0].cross_series_reducer = "REDUCE_COUNT_TRUE")).messages[0],
    ).toMatch(/do not count failing regions/);
    expect(
      mon14(
        (j) =>
          (threshold(j).filter = threshold(j).filter.replace(/host="[^"]+"/, 'host="other.example.com"')),
      ).messages[0],
    ).toMatch(/no alert policy on its monitoring\.googleapis\.com\/uptime_check\/check_passed/);
  });
});
