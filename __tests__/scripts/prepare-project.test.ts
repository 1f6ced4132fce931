import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DEFAULT_NETWORK_RULES,
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
  });

  it("--execute deletes exactly the listed rules of the default network, then the network", () => {
    writeFileSync(log, "");
    const result = run(["dev", "--execute"]);
    expect(result.status).toBe(0);
    expect(readFileSync(log, "utf8").trim().split("\n")).toEqual([
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
