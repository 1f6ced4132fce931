import { Lazy, Tokenization } from "cdktf";
import { skipTokenStackTraces } from "../../tools/token-stack-traces";

/** The creation stack cdktf records for a new token. */
function creationStackOfNewToken(): string[] {
  const token = Lazy.stringValue({ produce: () => "value" });
  return Tokenization.reverseString(token).firstToken?.creationStack ?? ["(no token)"];
}

describe("skipTokenStackTraces (main.ts, during building and synthesis)", () => {
  it("leaves cdktf's tokens without a creation stack, and restoring records them again", () => {
    const restore = skipTokenStackTraces();
    try {
      expect(creationStackOfNewToken()).toEqual([]);
    } finally {
      restore();
    }
    expect(creationStackOfNewToken().length).toBeGreaterThan(0);
  });

  it("still formats an error's stack as V8 does: message, then one line per frame", () => {
    const restore = skipTokenStackTraces();
    try {
      const stack = new Error("boom").stack ?? "";
      expect(stack.split("\n")[0]).toBe("Error: boom");
      expect(stack.split("\n")[1]).toMatch(/^ {4}at .*token-stack-traces\.test\.ts:\d+:\d+\)?$/);
    } finally {
      restore();
    }
  });

  it("restores the formatting that was in place (source maps included)", () => {
    const before = Error.prepareStackTrace;
    skipTokenStackTraces()();
    expect(Error.prepareStackTrace).toBe(before);
  });
});
