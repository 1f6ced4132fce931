#!/usr/bin/env bash
# Markdown summary of a stack's saved plan for the job summary: counts per action, each changed address
# with its action, then `terraform show` (sensitive values masked by Terraform), cut to fit.
#   scripts/ci/summarize-plan.sh <stack>
set -euo pipefail
stack="${1:?usage: summarize-plan.sh <stack>}"
cd "cdktf.out/stacks/$stack"
echo "### \`$stack\`"
echo
changes=$(jq -r '[.resource_changes[]? | select(.change.actions != ["no-op"] and .change.actions != ["read"])] | length' plan.json)
if [ "$changes" -eq 0 ]; then
  echo "No changes."
else
  jq -r '[.resource_changes[]? | .change.actions | if . == ["delete","create"] or . == ["create","delete"] then "replace" else join(",") end]
    | map(select(. != "no-op" and . != "read")) | group_by(.) | map("**\(.[0])**: \(length)") | join(", ")' plan.json
  echo
  jq -r '.resource_changes[]? | select(.change.actions != ["no-op"] and .change.actions != ["read"])
    | "- `\(.address)`: \(.change.actions | if . == ["delete","create"] or . == ["create","delete"] then "replace" else join(",") end)"' plan.json
fi
echo
echo "<details><summary>terraform show</summary>"
echo
echo '```'
terraform show -no-color plan.tfplan | head -c 50000
echo
echo '```'
echo "</details>"
