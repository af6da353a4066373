#!/usr/bin/env bash
# Adds an EF Core migration for each database provider (ADR-012): SQLite's in Data/Migrations
# (PlanDbContext), PostgreSQL's in Data/Migrations/Postgres (PostgresPlanDbContext).
#   scripts/add-migration.sh <Name> [both|sqlite|postgres]
# At a merge that brought a model change with only a SQLite migration, run it with "postgres".
# Raw SQL that a migration carries (triggers, FTS) must be written for each engine by hand.
set -euo pipefail
name=${1:?"usage: scripts/add-migration.sh <Name> [both|sqlite|postgres]"}
which=${2:-both}
cd "$(dirname "$0")/.."
ef=$(command -v dotnet-ef || echo "$HOME/.dotnet/tools/dotnet-ef")
[ -x "$ef" ] || { echo "dotnet-ef not found: dotnet tool install --global dotnet-ef"; exit 1; }

dotnet build PlanWorkspace.App -v q -nologo
# The App's own host builds the context (Program.cs): the provider is chosen as at run time, and
# nothing connects to a database while scaffolding.
sqlite() { "$ef" migrations add "$name" --no-build --project PlanWorkspace.App --context PlanDbContext --output-dir Data/Migrations; }
postgres() {
  "$ef" migrations add "$name" --no-build --project PlanWorkspace.App --context PostgresPlanDbContext --output-dir Data/Migrations/Postgres \
    -- --Database:Provider=Postgres "--ConnectionStrings:Plan=Host=localhost;Database=planworkspace"
}
case "$which" in
  both) sqlite; postgres ;;
  sqlite) sqlite ;;
  postgres) postgres ;;
  *) echo "the second argument is both, sqlite or postgres"; exit 2 ;;
esac
