import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BUCKET_ADMIN_PERMISSIONS } from "../../core/rules/deployer";
import {
  DEFAULT_NETWORK_RULES,
  bucketAdminRoleCommand,
  createServiceAccountCommand,
  deployerAccountId,
  enableComputeCommand,
  formatCommand,
  listDefaultNetworkRulesCommand,
  parseRuleNames,
  removeDefaultNetworkCommands,
  skipDefaultNetworkPolicyCommand,
} from "../../scripts/prepare-project-commands";

describe("prepare-project commands", () => {
  it("deletes every listed rule of the default network, then the network, without prompting", () => {
    expect(removeDefaultNetworkCommands("acme-dev-1", ["default-allow-ssh", "custom-rule"])).toEqual([
      [
        "gcloud",
        "compute",
        "firewall-rules",
        "delete",
        "custom-rule",
        "default-allow-ssh",
        "--project=acme-dev-1",
        "--quiet",
      ],
      ["gcloud", "compute", "networks", "delete", "default", "--project=acme-dev-1", "--quiet"],
    ]);
  });

  it("deletes only the network when it has no rules", () => {
    expect(removeDefaultNetworkCommands("acme-dev-1", [])).toEqual([
      ["gcloud", "compute", "networks", "delete", "default", "--project=acme-dev-1", "--quiet"],
    ]);
  });

  it("covers the four rules Compute Engine creates with the default network in the dry run", () => {
    const [deleteRules] = removeDefaultNetworkCommands("acme-dev-1", DEFAULT_NETWORK_RULES);
    expect(deleteRules).toEqual(
      expect.arrayContaining([
        "default-allow-ssh",
        "default-allow-rdp",
        "default-allow-icmp",
        "default-allow-internal",
      ]),
    );
  });

  it("lists only the default network's rules, by name", () => {
    const list = listDefaultNetworkRulesCommand("acme-dev-1");
    expect(list).toContain("--filter=network~/global/networks/default$");
    expect(list).toContain("--format=value(name)");
    expect(parseRuleNames("default-allow-ssh\n  default-allow-rdp \n\n")).toEqual([
      "default-allow-ssh",
      "default-allow-rdp",
    ]);
  });

  it("checks the skipDefaultNetworkCreation precondition read-only and enables Compute idempotently", () => {
    expect(skipDefaultNetworkPolicyCommand("acme-dev-1")).toEqual([
      "gcloud",
      "resource-manager",
      "org-policies",
      "describe",
      "compute.skipDefaultNetworkCreation",
      "--project=acme-dev-1",
      "--effective",
    ]);
    expect(enableComputeCommand("acme-dev-1")).toEqual([
      "gcloud",
      "services",
      "enable",
      "compute.googleapis.com",
      "--project=acme-dev-1",
    ]);
  });

  it("refuses a project id or rule name that could smuggle arguments", () => {
    expect(() => removeDefaultNetworkCommands("--project=other", [])).toThrow(/not a GCP project id/);
    expect(() => removeDefaultNetworkCommands("acme-dev-1", ["--quiet; rm"])).toThrow(
      /not a valid rule name/,
    );
  });

  it("creates the deployer's service account only when it lives in the project", () => {
    expect(
      deployerAccountId("serviceAccount:cdktf-deployer@acme-dev-1.iam.gserviceaccount.com", "acme-dev-1"),
    ).toBe("cdktf-deployer");
    expect(
      deployerAccountId("serviceAccount:deployer@acme-ops.iam.gserviceaccount.com", "acme-dev-1"),
    ).toBeUndefined();
    expect(createServiceAccountCommand("acme-dev-1", "cdktf-deployer")).toEqual([
      "gcloud",
      "iam",
      "service-accounts",
      "create",
      "cdktf-deployer",
      "--project=acme-dev-1",
      "--display-name=cdktf deployer",
    ]);
    expect(() => createServiceAccountCommand("acme-dev-1", "--quiet")).toThrow(/not 6-30 lowercase/);
  });

  it("the bucket-admin custom role holds bucket permissions only, never object permissions", () => {
    const command = bucketAdminRoleCommand(
      "create",
      "acme-dev-1",
      "cdktfBucketAdmin",
      BUCKET_ADMIN_PERMISSIONS,
    );
    const permissions = command
      .find((a) => a.startsWith("--permissions="))!
      .slice("--permissions=".length)
      .split(",");
    expect(permissions.length).toBeGreaterThan(0);
    expect(permissions.every((p) => p.startsWith("storage.buckets."))).toBe(true);
    expect(permissions).toEqual(
      expect.arrayContaining(["storage.buckets.setIamPolicy", "storage.buckets.create"]),
    );
    expect(() =>
      bucketAdminRoleCommand("update", "acme-dev-1", "cdktfBucketAdmin", [
        ...BUCKET_ADMIN_PERMISSIONS,
        "storage.objects.get",
      ]),
    ).toThrow("the bucket-admin role must not hold object permissions: storage.objects.get");
  });

  it("quotes arguments a shell would interpret when printing", () => {
    expect(formatCommand(["gcloud", "--filter=network~/x/default$", "--format=value(name)"])).toBe(
      "gcloud '--filter=network~/x/default$' '--format=value(name)'",
    );
  });
});

describe("npm run prepare-project (the CLI) against a stand-in gcloud", () => {
  const root = join(__dirname, "..", "..");
  let bin: string;
  let log: string;

  beforeAll(() => {
    bin = mkdtempSync(join(tmpdir(), "fake-gcloud-"));
    log = join(bin, "calls.log");
    // Records every call; answers the two list commands like gcloud would.
    writeFileSync(
      join(bin, "gcloud"),
      [
        "#!/bin/sh",
        `echo "$*" >> "${log}"`,
        'case "$*" in',
        '  *"firewall-rules list"*) printf "default-allow-ssh\\ncustom-legacy\\n" ;;',
        '  *"networks list"*) echo default ;;',
        '  *"service-accounts describe"*) exit 1 ;;',
        "esac",
      ].join("\n"),
    );
    chmodSync(join(bin, "gcloud"), 0o755);
  });
  afterAll(() => rmSync(bin, { recursive: true, force: true }));

  const run = (args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", "scripts/prepare-project.ts", ...args], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
    });

  it("dry run prints the commands and calls nothing", () => {
    writeFileSync(log, "");
    const result = run(["dev"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      "gcloud compute networks delete default --project=acme-baseline-dev --quiet",
    );
    expect(readFileSync(log, "utf8")).toBe("");
    expect(result.stdout).toContain(
      "gcloud iam service-accounts create cdktf-deployer --project=acme-baseline-dev",
    );
    expect(result.stdout).toContain("gcloud iam roles create cdktfBucketAdmin --project=acme-baseline-dev");
  });

  it("--execute deletes exactly the listed rules of the default network, then the network", () => {
    writeFileSync(log, "");
    const result = run(["dev", "--execute"]);
    expect(result.status).toBe(0);
    expect(readFileSync(log, "utf8").trim().split("\n")).toEqual([
      "services enable iam.googleapis.com --project=acme-baseline-dev",
      "iam service-accounts describe cdktf-deployer@acme-baseline-dev.iam.gserviceaccount.com --project=acme-baseline-dev",
      "iam service-accounts create cdktf-deployer --project=acme-baseline-dev --display-name=cdktf deployer",
      "iam roles describe cdktfBucketAdmin --project=acme-baseline-dev",
      `iam roles update cdktfBucketAdmin --project=acme-baseline-dev --title=cdktf bucket admin (no object access) --permissions=${[...BUCKET_ADMIN_PERMISSIONS].sort().join(",")} --quiet`,
      "resource-manager org-policies describe compute.skipDefaultNetworkCreation --project=acme-baseline-dev --effective",
      "services enable compute.googleapis.com --project=acme-baseline-dev",
      "compute firewall-rules list --project=acme-baseline-dev --filter=network~/global/networks/default$ --format=value(name)",
      "compute networks list --project=acme-baseline-dev --filter=name=default --format=value(name)",
      "compute firewall-rules delete custom-legacy default-allow-ssh --project=acme-baseline-dev --quiet",
      "compute networks delete default --project=acme-baseline-dev --quiet",
    ]);
  });

  it("refuses an unknown environment with the allowed names", () => {
    const result = run(["nope"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('got "nope"; allowed environments: dev, prod, staging');
  });
});
