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
