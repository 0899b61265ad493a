# Sourced by scripts/test: makes sure a local PostgreSQL 15 runs, and exports
# the connection string Backstage's TestDatabases reads for its POSTGRES_15 id.
# Installs PostgreSQL from Debian's packages where it is missing.

pg_version=15
pg_password=postgres

if ! command -v pg_ctlcluster >/dev/null || [ ! -d "/usr/lib/postgresql/$pg_version" ]; then
  echo "==> installing PostgreSQL $pg_version from Debian's packages"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-$pg_version" >/dev/null
fi
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$pg_version main"; then
  pg_createcluster "$pg_version" main >/dev/null
fi
if ! pg_lsclusters -h | awk -v v="$pg_version" '$1==v && $2=="main" {print $4}' | grep -qx online; then
  echo "==> starting PostgreSQL $pg_version"
  pg_ctlcluster "$pg_version" main start
fi
pg_port=$(pg_lsclusters -h | awk -v v="$pg_version" '$1==v && $2=="main" {print $3}')
for _ in $(seq 1 30); do
  su postgres -c "psql -p $pg_port -qAtc 'select 1'" >/dev/null 2>&1 && break
  sleep 0.5
done
su postgres -c "psql -p $pg_port -qc \"alter user postgres password '$pg_password'\"" >/dev/null
export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="postgresql://postgres:$pg_password@127.0.0.1:$pg_port"
echo "==> PostgreSQL $pg_version on port $pg_port"
