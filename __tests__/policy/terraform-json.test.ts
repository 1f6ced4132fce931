import type { Resource } from "../../policy/model";
import {
  attr,
  block,
  blocks,
  durationSeconds,
  isExpression,
  isFalse,
  isSet,
  isTrue,
  list,
  numberOf,
  preventsDestroy,
  refersTo,
  show,
  withoutComments,
} from "../../policy/terraform-json";

function resource(type: string, name: string, attrs: Record<string, unknown> = {}): Resource {
  return { type, name, address: `${type}.${name}`, path: `${type}.${name}`, attrs };
}

describe("reading Terraform JSON", () => {
  it("blocks: an object is one block, a list keeps its objects only, anything else is none", () => {
    expect(blocks({ a: 1 })).toEqual([{ a: 1 }]);
    expect(blocks([{ a: 1 }, null, "x", [1], { b: 2 }])).toEqual([{ a: 1 }, { b: 2 }]);
    expect(blocks(null)).toEqual([]);
    expect(blocks("x")).toEqual([]);
    expect(blocks(undefined)).toEqual([]);
    expect(block([{ a: 1 }, { a: 2 }])).toEqual({ a: 1 });
    expect(block([])).toBeUndefined();
  });

  it("attr follows first instances of nested blocks, undefined when a step is missing", () => {
    const root = { settings: [{ ip_configuration: { ipv4_enabled: false } }, { ip_configuration: {} }] };
    expect(attr(root, "settings.ip_configuration.ipv4_enabled")).toBe(false);
    expect(attr(root, "settings.missing.ipv4_enabled")).toBeUndefined();
    expect(attr(undefined, "settings")).toBeUndefined();
    expect(attr({ a: "x" }, "a.b")).toBeUndefined();
  });

  it("list: absent is empty, a single value is a list of one", () => {
    expect(list(undefined)).toEqual([]);
    expect(list(null)).toEqual([]);
    expect(list("a")).toEqual(["a"]);
    expect(list(0)).toEqual([0]);
    expect(list(["a", "b"])).toEqual(["a", "b"]);
  });

  it("isExpression: strings containing ${ only", () => {
    expect(isExpression("${google_kms_crypto_key.k.id}")).toBe(true);
    expect(isExpression("prefix-${var.x}")).toBe(true);
    expect(isExpression("$ {x}")).toBe(false);
    expect(isExpression({ a: "${x}" })).toBe(false);
  });

  it("isSet: non-blank strings, non-empty lists and any other value", () => {
    expect([undefined, null, "", "  ", []].map(isSet)).toEqual([false, false, false, false, false]);
    expect(["x", "${a}", ["x"], 0, false, {}].map(isSet)).toEqual([true, true, true, true, true, true]);
  });

  it("isTrue and isFalse accept booleans and their strings only", () => {
    expect([true, "true", false, "false", "TRUE", 1, undefined].map(isTrue)).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
      false,
    ]);
    expect([false, "false", true, "true", "FALSE", 0, undefined].map(isFalse)).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it("numberOf: numbers and numeric strings; not expressions, blanks or words", () => {
    expect(numberOf(7)).toBe(7);
    expect(numberOf(" 30 ")).toBe(30);
    expect(numberOf("0")).toBe(0);
    expect(numberOf("${var.days}")).toBeUndefined();
    expect(numberOf("  ")).toBeUndefined();
    expect(numberOf("")).toBeUndefined();
    expect(numberOf("seven")).toBeUndefined();
    expect(numberOf(true)).toBeUndefined();
    expect(numberOf(undefined)).toBeUndefined();
  });

  it("durationSeconds: whole and fractional seconds; nothing else", () => {
    expect(durationSeconds("7776000s")).toBe(7776000);
    expect(durationSeconds(" 1.5s ")).toBe(1.5);
    expect(durationSeconds("90d")).toBeUndefined();
    expect(durationSeconds("x7776000s")).toBeUndefined();
    expect(durationSeconds("7776000sx")).toBeUndefined();
    expect(durationSeconds("1.s")).toBeUndefined();
    expect(durationSeconds(7776000)).toBeUndefined();
  });

  it("preventsDestroy reads lifecycle.prevent_destroy", () => {
    expect(preventsDestroy(resource("t", "a", { lifecycle: { prevent_destroy: true } }))).toBe(true);
    expect(preventsDestroy(resource("t", "a", { lifecycle: [{ prevent_destroy: "true" }] }))).toBe(true);
    expect(preventsDestroy(resource("t", "a", { lifecycle: { prevent_destroy: false } }))).toBe(false);
    expect(preventsDestroy(resource("t", "a"))).toBe(false);
  });

  it("refersTo: references to the resource's attributes or itself, or its literal name", () => {
    const key = resource("google_kms_crypto_key", "storage", { name: "storage-key" });
    expect(refersTo("${google_kms_crypto_key.storage.id}", key)).toBe(true);
    expect(refersTo("${google_kms_crypto_key.storage}", key)).toBe(true);
    expect(refersTo({ deep: ["${google_kms_crypto_key.storage.id}"] }, key)).toBe(true);
    expect(refersTo("${google_kms_crypto_key.storage2.id}", key)).toBe(false);
    expect(refersTo("${google_kms_crypto_key.storagex}", key)).toBe(false);
    expect(refersTo("storage-key", key)).toBe(true);
    expect(refersTo("projects/p/keys/storage-key", key)).toBe(true);
    expect(refersTo("projects/p/keys/other-storage-key", key)).toBe(false);
    expect(refersTo("storage-key-2", key)).toBe(false);
    expect(refersTo(undefined, key)).toBe(false);
    expect(refersTo(["storage-key"], key)).toBe(false);
    const byExpression = resource("google_kms_crypto_key", "k", { name: "${var.name}" });
    expect(refersTo("${var.name}", byExpression)).toBe(false);
    expect(refersTo("x", resource("google_kms_crypto_key", "k", { name: 5 }))).toBe(false);
  });

  it("withoutComments drops the // key only", () => {
    expect(withoutComments(resource("t", "a", { "//": { metadata: {} }, name: "a", b: 1 }))).toEqual({
      name: "a",
      b: 1,
    });
  });

  it("show: unset, JSON, and at most 80 characters", () => {
    expect(show(undefined)).toBe("unset");
    expect(show("x")).toBe('"x"');
    expect(show(false)).toBe("false");
    expect(show("a".repeat(78))).toBe(`"${"a".repeat(78)}"`);
    expect(show("a".repeat(79))).toBe(`"${"a".repeat(76)}...`);
    expect(show("a".repeat(79))).toHaveLength(80);
    expect(show(Symbol("s"))).toBe("Symbol(s)");
  });
});
