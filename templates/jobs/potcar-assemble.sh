# Assemble POTCAR from POTCAR.spec (one symbol per line, POSCAR order) out of the cluster's
# ${potcar_functional} library: <library>/${potcar_dir}/<symbol>/POTCAR (or .gz, .Z).
POTCAR_LIBRARY="$${XTALFLOW_POTCAR_LIBRARY:-${potcar_library}}"
if [ ! -s POTCAR ]; then
  if [ -z "$POTCAR_LIBRARY" ]; then
    echo "xtalflow: this bundle has POTCAR.spec but the cluster profile sets no potcar_library" >&2
    exit 2
  fi
  : > POTCAR.partial
  while read -r sym; do
    [ -z "$sym" ] && continue
    d="$POTCAR_LIBRARY/${potcar_dir}/$sym"
    if [ -f "$d/POTCAR" ]; then cat "$d/POTCAR" >> POTCAR.partial
    elif [ -f "$d/POTCAR.gz" ]; then gzip -dc "$d/POTCAR.gz" >> POTCAR.partial
    elif [ -f "$d/POTCAR.Z" ]; then gzip -dc "$d/POTCAR.Z" >> POTCAR.partial
    else
      echo "xtalflow: no POTCAR for $sym: looked at $d/POTCAR, $d/POTCAR.gz, $d/POTCAR.Z" >&2
      rm -f POTCAR.partial
      exit 2
    fi
  done < POTCAR.spec
  mv POTCAR.partial POTCAR
fi
