#!/bin/bash
# TEST DOUBLE FOR VASP, held: waits until the file $1 exists, then runs the VASP stand-in
# (vasp-standin.sh, which copies recorded real VASP outputs) with the remaining arguments. Lets a
# test look at a campaign whose jobs are running for as long as it needs (the status page in a
# browser), with no sleep and no timing: the test creates $1 when it has seen what it wanted.
#   $1  release file (absolute path)
#   $2… the arguments of vasp-standin.sh
set -euo pipefail
release="${1:?usage: vasp-standin-held.sh RELEASE_FILE RECORDED_OUTPUTS_DIR [RECORDED_FAILURES_DIR]}"
shift
echo "held until $release exists" > .standin-held
# a test that is over (its temporary folder gone) leaves no job behind
while [ ! -e "$release" ]; do [ -d "$(dirname "$release")" ] || exit 3; sleep 0.2; done
exec bash "$(dirname "${BASH_SOURCE[0]}")/vasp-standin.sh" "$@"
