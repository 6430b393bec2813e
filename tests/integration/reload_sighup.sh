#!/usr/bin/env bash
# reload_sighup.sh - import new catalogs into the database of a running server
# (switch by SIGHUP, --poll 0) while 8 clients
# hammer it: zero failed requests, every answer wholly from the catalog
# version in its X-Catalog-Version header, every version served in turn.
source "$(dirname "$0")/lib/reliability.bash"
reload_scenario sighup
echo ok
