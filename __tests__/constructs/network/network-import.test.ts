import { TerraformOutput, TerraformVariable } from "cdktf";
import { PrivatePostgres } from "../../../constructs/database/private-postgres";
import { Principal } from "../../../constructs/iam/principal";
import { KmsKey } from "../../../constructs/kms/key";
import { SecureNetwork } from "../../../constructs/network/secure-network";
import { ProdRedis } from "../../../constructs/redis/prod-redis";
import { redisProps, redisTestStack } from "../redis/support";
import { checkStack } from "../../../policy/check";
import { applyAspects } from "../../support/aspects";
import { constructTestStack, resourceAt, resourcesOf, synth } from "../../support/synth";

const SELF_LINK_ALLOWED =
  "must be a network self link or id: [https://www.googleapis.com/compute/v1/]projects/<project>/global/networks/<name>";
const NAME_ALLOWED = "must be 1-63 lowercase letters, digits or hyphens, starting with a letter";
const DATABASE_KEY = "projects/shared-keys-1/locations/europe-west1/keyRings/r/cryptoKeys/database";

describe("SecureNetwork.fromNetworkSelfLink", () => {
  it.each([
    "https://www.googleapis.com/compute/v1/projects/shared-vpc-1/global/networks/prod-vpc",
    "https://compute.googleapis.com/compute/beta/projects/shared-vpc-1/global/networks/prod-vpc",
    "projects/shared-vpc-1/global/networks/prod-vpc",
  ])("takes %j as the network id projects/P/global/networks/N", (selfLink) => {
    const network = SecureNetwork.fromNetworkSelfLink(constructTestStack(), "vpc", selfLink);
    expect(network.id).toBe("projects/shared-vpc-1/global/networks/prod-vpc");
    expect(network.name).toBe("prod-vpc");
    expect(network.egressIps).toEqual([]);
    expect(network.privateServiceAccess).toBeUndefined();
  });

  it.each([
    "prod-vpc",
    "projects/shared-vpc-1/networks/prod-vpc",
    "http://www.googleapis.com/compute/v1/projects/shared-vpc-1/global/networks/prod-vpc",
    "projects/shared-vpc-1/global/networks/Prod",
    "projects/shared-vpc-1/global/networks/prod-vpc/",
  ])("refuses %j, naming the field and what is allowed", (selfLink) => {
    expect(() => SecureNetwork.fromNetworkSelfLink(constructTestStack(), "vpc", selfLink)).toThrow(
      `SecureNetwork.fromNetworkSelfLink: selfLink: got ${JSON.stringify(selfLink)}; ${SELF_LINK_ALLOWED}`,
    );
  });

  it("takes a Terraform reference as it is; the name is its last segment", () => {
    const stack = constructTestStack();
    const link = new TerraformVariable(stack, "network", { type: "string" }).stringValue;
    const network = SecureNetwork.fromNetworkSelfLink(stack, "vpc", link);
    expect(network.id).toBe(link);
    new TerraformOutput(stack, "name", { value: network.name });
    expect(synth(stack).output?.name).toEqual({ value: '${element(reverse(split("/", var.network)), 0)}' });
  });

  it("validates the options: the private service access range name and egress addresses", () => {
    const link = "projects/shared-vpc-1/global/networks/prod-vpc";
    expect(() =>
      SecureNetwork.fromNetworkSelfLink(constructTestStack(), "vpc", link, {
        privateServiceAccessRangeName: "PSA range",
      }),
    ).toThrow(
      `SecureNetwork.fromNetworkSelfLink: privateServiceAccessRangeName: got "PSA range"; ${NAME_ALLOWED}`,
    );
    expect(() =>
      SecureNetwork.fromNetworkSelfLink(constructTestStack(), "vpc", link, {
        egressIps: ["203.0.113.7", "203.0.113.300"],
      }),
    ).toThrow(
      'SecureNetwork.fromNetworkSelfLink: egressIps[1]: got "203.0.113.300"; must be an IPv4 address such as 203.0.113.7',
    );
    const network = SecureNetwork.fromNetworkSelfLink(constructTestStack(), "vpc", link, {
      privateServiceAccessRangeName: "prod-vpc-psa",
      egressIps: ["203.0.113.7"],
    });
    expect(network.privateServiceAccess).toEqual({ rangeName: "prod-vpc-psa" });
    expect(network.egressIps).toEqual(["203.0.113.7"]);
  });
});

describe("SecureNetwork.fromNetworkName", () => {
  it("builds the id in the stack provider's project by default, or in options.projectId", () => {
    expect(SecureNetwork.fromNetworkName(constructTestStack("acme-app-1"), "vpc", "prod-vpc").id).toBe(
      "projects/acme-app-1/global/networks/prod-vpc",
    );
    expect(
      SecureNetwork.fromNetworkName(constructTestStack(), "vpc", "prod-vpc", { projectId: "shared-vpc-1" })
        .id,
    ).toBe("projects/shared-vpc-1/global/networks/prod-vpc");
  });

  it.each<[{ name: string; projectId?: string }, string]>([
    [{ name: "Prod VPC" }, `SecureNetwork.fromNetworkName: networkName: got "Prod VPC"; ${NAME_ALLOWED}`],
    [{ name: "-vpc" }, `SecureNetwork.fromNetworkName: networkName: got "-vpc"; ${NAME_ALLOWED}`],
    [
      { name: "vpc", projectId: "Shared" },
      'SecureNetwork.fromNetworkName: projectId: got "Shared"; must be a GCP project id: 6-30 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen',
    ],
  ])("refuses %j", ({ name, projectId }, message) => {
    expect(() => SecureNetwork.fromNetworkName(constructTestStack(), "vpc", name, { projectId })).toThrow(
      message,
    );
  });
});

describe("PrivatePostgres on an imported network", () => {
  function database(options: Parameters<typeof SecureNetwork.fromNetworkSelfLink>[3]) {
    const stack = constructTestStack();
    const network = SecureNetwork.fromNetworkSelfLink(
      stack,
      "vpc",
      "projects/shared-vpc-1/global/networks/prod-vpc",
      options,
    );
    const db = new PrivatePostgres(stack, "db", {
      name: "app-postgres",
      region: "europe-west1",
      network,
      encryptionKey: KmsKey.fromKeyId(stack, "key", DATABASE_KEY),
      dataClassification: "internal",
    });
    return { stack, db };
  }

  it("SQL-1: takes its private address from the imported network's range, and the policy judges it", () => {
    const { stack } = database({ privateServiceAccessRangeName: "prod-vpc-psa" });
    applyAspects(stack);
    const raw = JSON.parse(JSON.stringify(stack.toTerraform())) as Record<string, unknown>;
    const settings = resourceAt(synth(stack), "google_sql_database_instance", "db/instance").settings as {
      ip_configuration: Record<string, unknown>;
    };
    expect(settings.ip_configuration).toMatchObject({
      ipv4_enabled: false,
      private_network: "projects/shared-vpc-1/global/networks/prod-vpc",
      allocated_ip_range: "prod-vpc-psa",
    });
    const errors = checkStack(raw, { file: "test", today: "2026-11-23" }).findings.filter(
      (f) => f.resource !== "(stack)" && f.severity === "error",
    );
    expect(errors).toEqual([]);
  });

  it("refuses a network without a private service access range", () => {
    expect(() => database({})).toThrow(
      'PrivatePostgres: network: got "test/vpc"; must have a private service access range (SQL-1): a SecureNetwork, or an imported network with privateServiceAccessRangeName',
    );
  });

  it("grantConnect returns one Grant with the client and instance-user bindings, each limited to the instance", () => {
    const { stack, db } = database({ privateServiceAccessRangeName: "prod-vpc-psa" });
    const who = Principal.fromMember("group:dba@example.com");
    const grant = db.grantConnect(who);
    expect(grant.roles).toEqual(["roles/cloudsql.client", "roles/cloudsql.instanceUser"]);
    expect(grant.bindings.map((b) => b.node.id)).toEqual([
      "client-group-dba-example-com",
      "instance-user-group-dba-example-com",
    ]);
    expect(db.grantConnect(who)).toBe(grant);
    const json = synth(stack);
    expect(Object.keys(resourcesOf(json, "google_project_iam_member"))).toHaveLength(2);
    expect(
      resourceAt(json, "google_project_iam_member", "db/instance-user-group-dba-example-com"),
    ).toMatchObject({
      role: "roles/cloudsql.instanceUser",
      member: "group:dba@example.com",
      condition: {
        title: "only-instance-user-of-instance",
        expression:
          'resource.service == "sqladmin.googleapis.com" && resource.name.endsWith("/instances/app-postgres")',
      },
    });
  });
});

describe("DATA-2 before synthesis: a restricted instance's name carries no digit runs", () => {
  it("refuses a restricted instance named with three digits in a row, accepts it for other classes", () => {
    const build = (dataClassification: "restricted" | "confidential") => {
      const stack = constructTestStack();
      const network = SecureNetwork.fromNetworkSelfLink(
        stack,
        "vpc",
        "projects/shared-vpc-1/global/networks/v",
        {
          privateServiceAccessRangeName: "psa",
        },
      );
      new PrivatePostgres(stack, "db", {
        name: "claims-2024",
        region: "europe-west1",
        network,
        encryptionKey: KmsKey.fromKeyId(stack, "key", DATABASE_KEY),
        dataClassification,
      });
    };
    expect(() => build("restricted")).toThrow(
      'PrivatePostgres: name: got "claims-2024"; must not contain three or more digits in a row for restricted data',
    );
    expect(() => build("confidential")).not.toThrow();
  });
});

describe("an imported network's egress addresses flow where a SecureNetwork's do", () => {
  it("UPS-2: ProdRedis allowlists an imported network's NAT addresses as /32s", () => {
    const { stack, secrets } = redisTestStack();
    const network = SecureNetwork.fromNetworkSelfLink(
      stack,
      "vpc",
      "projects/shared-vpc-1/global/networks/prod-vpc",
      {
        egressIps: ["203.0.113.7", "203.0.113.8"],
      },
    );
    const redis = new ProdRedis(
      stack,
      "redis",
      redisProps(secrets, { egressFrom: network, ipAllowlist: [] }),
    );
    expect(redis.ipAllowlist).toEqual(["203.0.113.7/32", "203.0.113.8/32"]);
  });
});
