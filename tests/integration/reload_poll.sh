#!/usr/bin/env bash
# reload_poll.sh - import new catalogs into the database of a running server
# (switch by polling store_version, --poll 1, no signal) while 8 clients
# hammer it: zero failed requests, every answer wholly from the catalog
# version in its X-Catalog-Version header, every version served in turn.
source "$(dirname "$0")/lib/reliability.bash"
reload_scenario poll
echo ok
