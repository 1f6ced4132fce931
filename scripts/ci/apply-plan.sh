#!/usr/bin/env bash
# Applies exactly the reviewed plan of one stack: decrypts the plan job's archive, refuses it when it was
# planned from another commit than the one being deployed, then `terraform apply plan.tfplan` (Terraform
# itself refuses a saved plan whose state changed since it was made).
#   PLAN_ENCRYPTION_KEY=... GITHUB_SHA=... scripts/ci/apply-plan.sh <stack> <archive>
set -euo pipefail
stack="${1:?usage: apply-plan.sh <stack> <archive>}"
archive="${2:?usage: apply-plan.sh <stack> <archive>}"
: "${PLAN_ENCRYPTION_KEY:?the PLAN_ENCRYPTION_KEY secret is not set}"
: "${GITHUB_SHA:?GITHUB_SHA must name the commit being deployed}"
if [ -e "cdktf.out/stacks/$stack" ]; then
  echo "apply-plan: cdktf.out/stacks/$stack already exists; apply only what the plan job packed" >&2
  exit 2
fi
mkdir -p cdktf.out/stacks
openssl enc -d -aes-256-cbc -pbkdf2 -iter 200000 -pass env:PLAN_ENCRYPTION_KEY -in "$archive" |
  tar -xzf - -C cdktf.out/stacks
cd "cdktf.out/stacks/$stack"
planned="$(cat commit.txt 2>/dev/null || true)"
if [ "$planned" != "$GITHUB_SHA" ]; then
  echo "apply-plan: the plan of $stack was made from commit '${planned:-unknown}', not $GITHUB_SHA; refusing a stale plan (run the workflow again)" >&2
  exit 3
fi
terraform init -input=false -no-color -lockfile=readonly
terraform apply -input=false -no-color -lock-timeout=10m plan.tfplan
