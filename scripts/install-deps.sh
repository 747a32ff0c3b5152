#!/usr/bin/env bash
# Installs the Debian packages the tests and reference tools need (run as root, or via sudo).
#   openssh-server        real SSH server for the HPC integration tests
#   slurm-wlm, munge      a real single-node Slurm queue for the HPC integration tests
#   libsymspg1            spglib, reached through JNA for space-group detection
#   python3-pymatgen, python3-spglib   produce/verify reference values (interop tests)
#   postgresql            the campaign store's server option, tested on a throwaway cluster
#   chromium              a real browser (headless) loads the status page in StatusPageBrowserTest
#   gpaw, gpaw-data, python3-ase   the open DFT engine (GPAW 22.8 PAW code, its PBE setups, ASE 3.22
#                         driver); Debian brings Open MPI with it. Run with /usr/bin/python3.
#   libopenblas0          GPAW's BLAS; not always pulled in, and without it gpaw fails to import
# (python3-torch is needed only to re-convert the CGCNN checkpoints or run the CGCNN benchmark
#  against the original: apt-get install python3-torch; see BENCHMARKS.md)
# Safe to run repeatedly: packages already present are skipped without touching apt.
set -euo pipefail
PKGS=(openssh-server slurm-wlm munge libsymspg1 python3-pymatgen python3-spglib postgresql chromium
      gpaw gpaw-data python3-ase libopenblas0)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if (( ${#missing[@]} == 0 )); then
  echo "install-deps: all packages present"
  exit 0
fi
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# services must not start on install (no systemd here; tests start their own instances)
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
