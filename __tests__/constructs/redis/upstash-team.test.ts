import { UpstashTeam } from "../../../constructs/redis/upstash-team";
import { onlyResource, synth } from "../../support/synth";
import { redisTestStack } from "./support";

const MEMBERS = {
  "owner@example.com": "owner",
  "lead@example.com": "admin",
  "dev@example.com": "dev",
  "billing@example.com": "finance",
} as const;

describe("UpstashTeam (UPS-11)", () => {
  test("one upstash_team with the members as given, no credit card copied, retained", () => {
    const { stack } = redisTestStack();
    const team = new UpstashTeam(stack, "team", {
      name: "acme prod",
      members: MEMBERS,
      emailDomains: ["example.com"],
    });
    const json = synth(stack);
    expect(onlyResource(json, "upstash_team")).toEqual({
      team_name: "acme prod",
      copy_cc: false,
      team_members: MEMBERS,
      lifecycle: { prevent_destroy: true },
    });
    expect(team.node.defaultChild).toBe(team.resource);
  });

  test.each([
    [
      "no owner",
      { "a@example.com": "admin" },
      /UpstashTeam: members: got \["admin"\]; has 0 owners: exactly one/,
    ],
    [
      "two owners",
      { "a@example.com": "owner", "b@example.com": "owner" },
      /has 2 owners: exactly one, the owner of the Developer API key/,
    ],
    [
      "three admins",
      {
        "o@example.com": "owner",
        "a@example.com": "admin",
        "b@example.com": "admin",
        "c@example.com": "admin",
      },
      /has 3 admins: at most 2/,
    ],
    [
      "an outside address",
      { "o@example.com": "owner", "friend@gmail.com": "dev" },
      /UpstashTeam: members\["friend@gmail\.com"\]: got "dev"; friend@gmail\.com is not in the company's e-mail domains \(example\.com\)/,
    ],
    [
      "an unknown role",
      { "o@example.com": "owner", "x@example.com": "root" },
      /has role "root", not one of owner, admin, dev, finance/,
    ],
    [
      "not an address",
      { "o@example.com": "owner", "Jane <j@example.com>": "dev" },
      /is not an e-mail address/,
    ],
  ])("refuses %s before synthesis", (_what, members, message) => {
    const { stack } = redisTestStack();
    expect(
      () =>
        new UpstashTeam(stack, "team", {
          name: "acme",
          members: members as Record<string, "owner">,
          emailDomains: ["example.com"],
        }),
    ).toThrow(message);
  });

  test("refuses a bad name or domain", () => {
    const { stack } = redisTestStack();
    expect(() => new UpstashTeam(stack, "a", { name: "-x-", members: MEMBERS })).toThrow(
      /UpstashTeam: name: got "-x-"/,
    );
    expect(
      () => new UpstashTeam(stack, "b", { name: "acme", members: MEMBERS, emailDomains: ["@Example.com"] }),
    ).toThrow(/UpstashTeam: emailDomains\[0\]: got "@Example\.com"; must be a lowercase domain/);
  });
});
