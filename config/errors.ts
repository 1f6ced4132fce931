/** The error formatting every layer shares lives in `shared/errors.ts`; this path stays for its many importers. */
export * from "../shared/errors";
