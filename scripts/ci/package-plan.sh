#!/usr/bin/env bash
# Packs a planned stack directory (configuration, lock file, assets, plan.tfplan, commit.txt; not the
# provider cache nor plan.json) and encrypts it: a saved plan holds every value Terraform read from state,
# secrets included, and artifacts are readable by anyone who can read the repository.
#   PLAN_ENCRYPTION_KEY=... scripts/ci/package-plan.sh <stack> <archive>
set -euo pipefail
stack="${1:?usage: package-plan.sh <stack> <archive>}"
archive="${2:?usage: package-plan.sh <stack> <archive>}"
if [ -z "${PLAN_ENCRYPTION_KEY:-}" ]; then
  echo "package-plan: the PLAN_ENCRYPTION_KEY secret is not set; refusing to upload a plan in clear text (docs/ci-cd.md)" >&2
  exit 2
fi
tar --exclude=.terraform --exclude=plan.json -czf - -C cdktf.out/stacks "$stack" |
  openssl enc -aes-256-cbc -pbkdf2 -iter 200000 -salt -pass env:PLAN_ENCRYPTION_KEY -out "$archive"
