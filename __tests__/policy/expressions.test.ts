import {
  cannotVerify,
  classify,
  evaluateTemplate,
  isHostReference,
  isTypedMemberReference,
  unverifiableExcept,
  type Scope,
} from "../../policy/expressions";
import { coversPublicSpace, coversWholeInternet, isPublicRange } from "../../core/rules/cidr";
import { scopeOf } from "../../policy/resolve";

const EMPTY: Scope = scopeOf({});

describe("classify (the contract every control uses to fail closed)", () => {
  it.each([
    ["a literal string", "allUsers", "literal"],
    ["a literal list", ["10.0.0.0/8"], "literal"],
    ["an escaped interpolation is still judged", "$${x}", "literal"],
    ["a resource attribute", "${google_service_account.ci.member}", "references"],
    ["a data-source attribute", "${data.google_storage_project_service_account.gcs.member}", "references"],
    ["a template around a reference", "serviceAccount:${google_service_account.ci.email}", "expression"],
    ["a reference widened by text", "${google_compute_address.a.address}/0", "expression"],
    [
      "a cross-stack output",
      "${data.terraform_remote_state.base.outputs.cross-stack-output-x}",
      "references",
    ],
    ["a local", "${local.members}", "expression"],
    ["a variable", "${var.cidr}", "expression"],
    ["a function call", '${base64decode("eA==")}', "expression"],
    ["a conditional", '${true ? "allUsers" : "x"}', "expression"],
    ["a whole resource", "${upstash_redis_database.db}", "expression"],
    ["an expression nested in a list", ["ok", "${lower(var.x)}"], "expression"],
  ])("%s is %s", (_what, value, kind) => {
    expect(classify(value).kind).toBe(kind);
  });

  it("lists the references it found", () => {
    expect(classify(["${a_b.c.d}", "literal", "${e_f.g.h[0].i}"])).toEqual({
      kind: "references",
      refs: ["a_b.c.d", "e_f.g.h[0].i"],
    });
  });

  it("rules that know a prefix or suffix accept it explicitly", () => {
    expect(isTypedMemberReference("serviceAccount:${google_service_account.ci.email}")).toBe(true);
    expect(isTypedMemberReference("serviceAccount:${local.x}")).toBe(false);
    expect(isHostReference("${google_compute_address.a.address}/32")).toBe(true);
    expect(isHostReference("${google_compute_address.a.address}/0")).toBe(false);
    expect(
      unverifiableExcept(["${google_compute_address.a.address}/32", "1.2.3.4/32"], isHostReference),
    ).toBeUndefined();
    expect(unverifiableExcept(["${var.x}/32"], isHostReference)).toBe("${var.x}/32");
  });

  it("cannotVerify names what and the expression, as a fail outcome", () => {
    expect(cannotVerify("IAM member", "${local.x}")).toMatch(
      /^fail: cannot verify IAM member: \$\{local\.x\}/,
    );
  });
});

describe("evaluation over literals", () => {
  const scope = scopeOf({
    locals: { a: ["allUsers"], b: "${local.a}", cyc1: "${local.cyc2}", cyc2: "${local.cyc1}" },
    variable: { v: { default: "roles/owner" }, nodefault: { type: "string" } },
    data: {
      google_iam_policy: {
        p: {
          binding: [
            { role: "roles/viewer", members: ["${google_service_account.x.member}", "${local.a[0]}"] },
          ],
        },
      },
    },
  });

  it.each([
    ["${local.b}", ["allUsers"]],
    ["${var.v}", "roles/owner"],
    ['${concat(local.a, ["x"])}', ["allUsers", "x"]],
    ["${flatten([[1], [2, [3]]])}", [1, 2, 3]],
    ['${toset(["a", "a", "b"])}', ["a", "b"]],
    ['${jsonencode({"b" = 1, "a" = [true]})}', '{"a":[true],"b":1}'],
    ['${base64decode("aHVudGVyMg==")}', "hunter2"],
    ["pre-${var.v}-post", "pre-roles/owner-post"],
    [
      "${data.google_iam_policy.p.policy_data}",
      JSON.stringify({
        bindings: [{ members: ["${google_service_account.x.member}", "allUsers"], role: "roles/viewer" }],
      }),
    ],
  ])("%s evaluates", (text, expected) => {
    expect(evaluateTemplate(text, scope)).toEqual(expected);
  });

  it.each(["${var.nodefault}", "${local.cyc1}", "${local.missing}", "${timestamp()}", "${1 + 1}"])(
    "%s stays unknown",
    (text) => {
      expect(evaluateTemplate(text, scope)).toHaveProperty("text");
    },
  );

  it("never throws on hostile text", () => {
    for (const text of ["${", '${"unterminated}', "${(((((}", `\${${"[".repeat(50_000)}}`, "${a.b.c.d.e.f}"])
      expect(() => evaluateTemplate(text, EMPTY)).not.toThrow();
  });
});

describe("coversPublicSpace (one union rule for every CIDR list)", () => {
  it.each([
    [["0.0.0.0/0"], true],
    [["0.0.0.0/1", "128.0.0.0/1"], true],
    [["0.0.0.0/2", "64.0.0.0/2"], true],
    [["11.0.0.0/8", "12.0.0.0/8"], true],
    [["::/0"], true],
    [["11.0.0.0/8"], false],
    [["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"], false],
    [["203.0.113.0/24", "${google_compute_address.nat.address}/32"], false],
  ])("%j → %s", (ranges, expected) => {
    expect(coversPublicSpace(ranges)).toBe(expected);
  });

  it("whole internet and public ranges", () => {
    expect(coversWholeInternet(["0.0.0.0/1", "128.0.0.0/1"])).toBe(true);
    expect(coversWholeInternet(["0.0.0.0/1"])).toBe(false);
    expect(isPublicRange("10.1.0.0/16")).toBe(false);
    expect(isPublicRange("8.8.8.8/32")).toBe(true);
  });
});
