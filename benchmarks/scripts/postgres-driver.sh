# Sourced by fault-campaign.sh and sample-server.sh, from the repository root: defines
# install_postgres_driver <server-dir>, which puts the PostgreSQL driver (the version the parent
# pom pins, from the local Maven repository or Maven Central) into a WildFly as the module
# org.postgresql, the one dev.speechmeter.bench.BenchPostgres points the example datasource at.
install_postgres_driver() {
  local server=$1 version driver
  version=$(sed -n 's:.*<postgresql.version>\(.*\)</postgresql.version>.*:\1:p' pom.xml)
  driver=$(mktemp -d)
  mvn -B -q -f sample-war/pom.xml dependency:copy -Dartifact=org.postgresql:postgresql:"$version" \
    -DoutputDirectory="$driver"
  mkdir -p "$server/modules/org/postgresql/main"
  cp sample-war/src/test/wildfly/modules/org/postgresql/main/module.xml "$server/modules/org/postgresql/main/"
  cp "$driver"/postgresql-*.jar "$server/modules/org/postgresql/main/postgresql.jar"
  rm -rf "$driver"
}
