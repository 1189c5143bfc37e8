#!/usr/bin/env bash
# Creates or upgrades Temporal's two PostgreSQL databases (the default store and visibility) with the
# server's own SQL tool and the schema files shipped in the same server module. Every step is idempotent
# (create if missing, set up the version table, apply only the versions not yet applied), so it runs at
# each start. Used by cluster mode (src/temporal/cluster-schema.ts) and by docker-compose's schema job.
set -euo pipefail
: "${TEMPORAL_SQL_TOOL:?path of the temporal-sql-tool binary}"
: "${TEMPORAL_SCHEMA_DIR:?schema/postgresql/v12 of the server module}"

sql_tool() {
  "$TEMPORAL_SQL_TOOL" --plugin postgres12 \
    --endpoint "${TEMPORAL_POSTGRES_HOST:-127.0.0.1}" --port "${TEMPORAL_POSTGRES_PORT:-5432}" \
    --user "${TEMPORAL_POSTGRES_USER:-postgres}" --password "${TEMPORAL_POSTGRES_PASSWORD:-postgres}" \
    --database "$1" "${@:2}"
}

for store in "${TEMPORAL_DB:-temporal}:temporal" "${TEMPORAL_VISIBILITY_DB:-temporal_visibility}:visibility"; do
  database="${store%%:*}"
  schema="${store##*:}"
  echo "Temporal schema: ${database} (${schema})"
  sql_tool "$database" create-database
  sql_tool "$database" setup-schema -v 0.0
  sql_tool "$database" update-schema -d "${TEMPORAL_SCHEMA_DIR}/${schema}/versioned"
done
