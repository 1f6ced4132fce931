import { Testing, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { ServiceAgents } from "../../../constructs/project/service-agents";
import { KmsKey } from "../../../constructs/kms/key";
import { KmsKeyRing } from "../../../constructs/kms/key-ring";
import { resourcesOf, synth } from "../../support/synth";

function bareStack(project?: string): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "bare");
  new GoogleProvider(stack, "google", { project, region: "europe-west1" });
  return stack;
}

describe("ServiceAgents.of: one per stack, got or created", () => {
  it("creates the stack's ServiceAgents on first use, at <stack>/service-agents, with the provider's project", () => {
    const stack = bareStack("acme-project-1");
    const nested = new Construct(new Construct(stack, "a"), "b");
    const agents = ServiceAgents.of(nested);
    expect(agents.node.path).toBe("bare/service-agents");
    expect(agents.projectId).toBe("acme-project-1");
  });

  it("is idempotent: every scope of the stack gets the same instance", () => {
    const stack = bareStack("acme-project-1");
    const first = ServiceAgents.of(stack, { projectId: "acme-project-1" });
    expect(ServiceAgents.of(new Construct(stack, "x"))).toBe(first);
    expect(ServiceAgents.of(stack, { projectId: "acme-project-1" })).toBe(first);
    expect(stack.node.children.filter((c) => c instanceof ServiceAgents)).toHaveLength(1);
  });

  it("refuses another project for a stack that already has its agents", () => {
    const stack = bareStack("acme-project-1");
    ServiceAgents.of(stack);
    expect(() => ServiceAgents.of(stack, { projectId: "other-project-2" })).toThrow(
      'ServiceAgents: projectId: got "other-project-2"; must be "acme-project-1": stack bare already has the service agents of that project',
    );
  });

  it("refuses dependsOn once the stack's ServiceAgents exists: it would be ignored", () => {
    const stack = bareStack("acme-project-1");
    ServiceAgents.of(stack);
    expect(() => ServiceAgents.of(stack, { dependsOn: [] })).toThrow(
      "ServiceAgents: dependsOn: got []; applies only when the stack's ServiceAgents is created",
    );
  });

  it("asks for the project when the stack's provider names none", () => {
    expect(() => ServiceAgents.of(bareStack())).toThrow(
      "ServiceAgents: projectId: got undefined; is required: stack bare has no default GoogleProvider with a project",
    );
  });

  it("a key needs no ServiceAgents created beforehand: its service agent grant creates it", () => {
    const stack = bareStack("acme-project-1");
    const keyRing = new KmsKeyRing(stack, "ring", { name: "r", location: "europe-west1" });
    const key = new KmsKey(stack, "key", { keyRing, name: "k" });
    key.grantToServiceAgent("secretManager", stack);
    const json = synth(stack);
    expect(Object.values(resourcesOf(json, "google_project_service_identity"))).toEqual([
      expect.objectContaining({ project: "acme-project-1", service: "secretmanager.googleapis.com" }),
    ]);
    expect(Object.values(resourcesOf(json, "google_kms_crypto_key_iam_member"))).toEqual([
      expect.objectContaining({
        role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
        member: expect.stringMatching(
          /^\$\{google_project_service_identity\.service-agents_secretmanager_\w+\.member\}$/,
        ),
      }),
    ]);
  });

  it("synthesizes nothing until an agent is used", () => {
    const stack = bareStack("acme-project-1");
    ServiceAgents.of(stack);
    expect(synth(stack).resource ?? {}).toEqual({});
  });
});
