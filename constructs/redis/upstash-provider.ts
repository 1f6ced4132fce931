import type { Construct } from "constructs";
import { UpstashProvider, type UpstashProviderConfig } from "../../.gen/providers/upstash/provider";

/**
 * UPS-6: the Upstash provider with no credentials in configuration. The provider reads `UPSTASH_EMAIL` and
 * `UPSTASH_API_KEY` from the environment of `cdktf deploy` (EnvDefaultFunc in its provider.go), so the API
 * key never enters the synthesized JSON, the repository or the state.
 */
export function upstashProviderFromEnvironment(scope: Construct, id = "upstash"): UpstashProvider {
  // The generated config type marks email and api_key required: terraform-plugin-sdk reports a
  // Required+DefaultFunc attribute as required when the schema is read with the variables unset. Terraform
  // accepts both missing when the variables are set, which is the only way this kit supplies them.
  const fromEnvironment = {} as UpstashProviderConfig;
  return new UpstashProvider(scope, id, fromEnvironment);
}
