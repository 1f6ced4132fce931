#!/usr/bin/env bash
# Plans one synthesized stack into a saved plan (cdktf.out/stacks/<stack>/plan.tfplan), its JSON
# (plan.json, for the policy check and the summary), the outputs it changes (output-changes.txt) and the
# commit it was planned from (commit.txt).
# Run from the repository root after `npm run synth`, with cloud credentials in the environment.
#   scripts/ci/plan-stack.sh <stack> [extra terraform plan options, e.g. -detailed-exitcode]
set -euo pipefail
stack="${1:?usage: plan-stack.sh <stack> [terraform plan options]}"
shift
dir="cdktf.out/stacks/$stack"
if [ ! -f "$dir/cdk.tf.json" ]; then
  echo "plan-stack: $dir/cdk.tf.json not found; run npm run synth (with ENV=<env>) first" >&2
  exit 2
fi
if [ -f "$dir/cdk.tf" ]; then
  echo "plan-stack: $dir holds both cdk.tf.json and cdk.tf; synthesize again" >&2
  exit 2
fi
# CI has no copy of a workstation's local state: planning against none would propose to create
# everything again. Only stacks whose state is in the bucket are planned here.
if [ "$(jq -r '.terraform.backend | keys | join(",")' "$dir/cdk.tf.json")" != "gcs" ]; then
  echo "plan-stack: $stack does not keep its state in the gcs backend; migrate it first (docs/runbook.md, section 3)" >&2
  exit 2
fi
cd "$dir"
terraform init -input=false -no-color >&2
status=0
terraform plan -input=false -no-color -lock-timeout=10m -out=plan.tfplan "$@" >&2 || status=$?
# With -detailed-exitcode, 2 means "changes present": the plan was still written.
if [ "$status" -ne 0 ] && [ "$status" -ne 2 ]; then exit "$status"; fi
terraform show -json plan.tfplan >plan.json
# Outputs this plan changes (names only): stacks that read them were planned against the old values.
jq -r '.output_changes // {} | to_entries[] | select(.value.actions != ["no-op"]) | .key' plan.json >output-changes.txt
printf '%s\n' "${GITHUB_SHA:?GITHUB_SHA must name the commit being planned}" >commit.txt
exit "$status"
