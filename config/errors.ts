/** The error formatting every layer shares lives in `core/errors.ts`; this path stays for its many importers. */
export * from "../core/errors";
