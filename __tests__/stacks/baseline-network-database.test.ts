import { TerraformOutput, Testing } from "cdktf";
import { isWholeInternet } from "../../core/rules/cidr";
import { BASELINE_APIS, BaselineStack } from "../../stacks/baseline-stack";
import { onlyResource, resourcesOf, synth, testEnvironment, type SynthesizedStack } from "../support/synth";

type Resource = Record<string, unknown>;

function synthFor(overrides: Record<string, unknown> = {}): { stack: BaselineStack; json: SynthesizedStack } {
  const stack = new BaselineStack(Testing.app(), { environment: testEnvironment(overrides) });
  return { stack, json: synth(stack) };
}

describe("BaselineStack network and database (default environment)", () => {
  let stack: BaselineStack;
  let json: SynthesizedStack;
  let rules: Resource[];
  beforeAll(() => {
    ({ stack, json } = synthFor());
    rules = Object.values(resourcesOf(json, "google_compute_firewall"));
  });

  it("NET-4: no firewall rule admits ingress from 0.0.0.0/0 or ::/0", () => {
    const ingressAllows = rules.filter((r) => r.direction === "INGRESS" && r.allow !== undefined);
    for (const rule of ingressAllows) {
      // An ingress rule without any source admits 0.0.0.0/0, so every allow must name its sources.
      expect(rule.source_ranges).toEqual(expect.arrayContaining([expect.any(String)]));
      expect((rule.source_ranges as string[]).filter(isWholeInternet)).toEqual([]);
    }
    const internetIngress = rules.filter(
      (r) =>
        r.direction === "INGRESS" && ((r.source_ranges as string[] | undefined) ?? []).some(isWholeInternet),
    );
    expect(internetIngress.length).toBeGreaterThan(0);
    for (const rule of internetIngress) {
      expect(rule.allow).toBeUndefined();
      expect(rule.deny).toEqual([{ protocol: "all" }]);
    }
  });

  it("NET-3: an egress deny-all to 0.0.0.0/0 exists at priority 65530", () => {
    const denyAll = rules.filter(
      (r) =>
        r.direction === "EGRESS" &&
        (r.destination_ranges as string[]).includes("0.0.0.0/0") &&
        JSON.stringify(r.deny) === JSON.stringify([{ protocol: "all" }]),
    );
    expect(denyAll).toHaveLength(1);
    expect(denyAll[0].priority).toBe(65530);
    for (const rule of rules.filter((r) => r.allow !== undefined))
      expect(rule.priority as number).toBeLessThan(65530);
  });

  it("NET-7: every firewall rule in the stack is logged", () => {
    for (const rule of rules) expect(rule.log_config).toEqual({ metadata: "INCLUDE_ALL_METADATA" });
  });

  it("enables the Compute, DNS, Service Networking and Cloud SQL Admin APIs before the network", () => {
    for (const api of [
      "compute.googleapis.com",
      "dns.googleapis.com",
      "servicenetworking.googleapis.com",
      "sqladmin.googleapis.com",
    ]) {
      expect(BASELINE_APIS).toContain(api);
    }
    const services = Object.values(resourcesOf(json, "google_project_service")).map((s) => s.service);
    expect(services).toEqual(expect.arrayContaining(["compute.googleapis.com", "sqladmin.googleapis.com"]));
    expect(onlyResource(json, "google_compute_network").depends_on).toContainEqual(
      expect.stringMatching(/^google_project_service\.apis_compute_/),
    );
  });

  it("names the network and instance after the environment and exposes them", () => {
    expect(onlyResource(json, "google_compute_network").name).toBe("dev-vpc");
    expect(onlyResource(json, "google_sql_database_instance").name).toBe("dev-postgres");
    expect(stack.network.egressIps).toHaveLength(1);
    // The instance's own connection name (a reference Terraform resolves), not some other attribute.
    const probe = synthFor();
    new TerraformOutput(probe.stack, "connection-name", { value: probe.stack.database.connectionName });
    const probed = synth(probe.stack);
    const instance = Object.keys(resourcesOf(probed, "google_sql_database_instance"))[0];
    expect(probed.output?.["connection-name"]).toEqual({
      value: `\${google_sql_database_instance.${instance}.connection_name}`,
    });
  });

  it("SQL-8: the database key is a regional key of its own purpose", () => {
    const instance = onlyResource(json, "google_sql_database_instance");
    const keys = resourcesOf(json, "google_kms_crypto_key");
    const [keyId] = /google_kms_crypto_key\.([^.]+)\.id/.exec(String(instance.encryption_key_name))!.slice(1);
    expect(keys[keyId].name).toBe("database");
  });

  it("SQL-11: a non-production environment gets a ZONAL instance", () => {
    expect((onlyResource(json, "google_sql_database_instance").settings as Resource).availability_type).toBe(
      "ZONAL",
    );
  });
});

describe("BaselineStack network and database (production environment)", () => {
  let json: SynthesizedStack;
  beforeAll(() => {
    ({ json } = synthFor({
      production: true,
      logging: { locked: true },
      monitoring: { uptimeChecks: [{ name: "app", url: "https://app.example.com/healthz" }] },
      notifications: {
        emails: ["alerts@example.com"],
        pagerduty: { serviceKeySecret: { secretId: "pagerduty-service-key" } },
      },
      database: { iamUsers: ["group:dba@example.com"] },
      network: { allowIapAdminAccess: true },
    }));
  });

  it("SQL-11: production gets a REGIONAL instance", () => {
    expect((onlyResource(json, "google_sql_database_instance").settings as Resource).availability_type).toBe(
      "REGIONAL",
    );
  });

  it("SQL-9: configured IAM users and the example workload get IAM database users, no password users", () => {
    const users = Object.values(resourcesOf(json, "google_sql_user"));
    expect(users).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "dba@example.com", type: "CLOUD_IAM_GROUP" }),
        expect.objectContaining({ type: "CLOUD_IAM_SERVICE_ACCOUNT" }),
      ]),
    );
    expect(users).toHaveLength(2);
    for (const user of users) expect(user.password).toBeUndefined();
  });

  it("NET-5: enabling IAP admin access adds only the IAP range", () => {
    const iap = Object.values(resourcesOf(json, "google_compute_firewall")).filter(
      (r) => r.name === "dev-vpc-allow-ingress-iap-admin",
    );
    expect(iap).toHaveLength(1);
    expect(iap[0].source_ranges).toEqual(["35.235.240.0/20"]);
  });
});
