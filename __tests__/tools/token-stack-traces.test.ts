import { Lazy, Tokenization } from "cdktf";
import { skipTokenStackTraces } from "../../tools/token-stack-traces";
import { restoreStackTraces } from "../support/stack-traces";

// Every test file skips token stacks (support/stack-traces.ts): these tests start from Node's own.
beforeAll(() => restoreStackTraces());

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

  it("captures no stack on a plain object, and still captures an error's", () => {
    const restore = skipTokenStackTraces();
    try {
      const plain = { stack: "" };
      Error.captureStackTrace(plain);
      expect(plain.stack).toBe("");
      const error = new Error("boom");
      Error.captureStackTrace(error);
      expect(error.stack).toMatch(/^Error: boom\n {4}at /);
    } finally {
      restore();
    }
    const plain = { stack: "" };
    Error.captureStackTrace(plain);
    expect(plain.stack).toMatch(/token-stack-traces\.test\.ts/);
  });

  it("restores the capture and formatting that were in place (source maps included)", () => {
    const { captureStackTrace, prepareStackTrace } = Error;
    skipTokenStackTraces()();
    expect(Error.captureStackTrace).toBe(captureStackTrace);
    expect(Error.prepareStackTrace).toBe(prepareStackTrace);
  });
});
