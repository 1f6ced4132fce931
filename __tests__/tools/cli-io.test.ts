import { failureLine } from "../../tools/cli-io";

describe("failureLine (the one line verify, drill and terminate-customer end a failed run with)", () => {
  it("names bad input and unreachable APIs (exit code 2) by their message alone", () => {
    const badInput = Object.assign(new Error('<env>: got "Prod"; allowed: lowercase letters'), {
      exitCode: 2,
    });
    expect(failureLine("drill", badInput)).toBe('drill: <env>: got "Prod"; allowed: lowercase letters');
  });

  it("names anything else as unexpected, with its kind, and never a stack trace", () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'items')");
    const line = failureLine("verify", bug);
    expect(line).toBe("verify: unexpected TypeError: Cannot read properties of undefined (reading 'items')");
    expect(line).not.toContain("\n");
    expect(failureLine("terminate-customer", "a thrown string")).toBe(
      "terminate-customer: unexpected error: a thrown string",
    );
  });
});
