#!/bin/sh
# CGCNN on one core: this product (DJL) and the original implementation (torch + pymatgen) on the
# same structures, one after the other. Usage: scripts/bench-cgcnn.sh [structures=1000] [files=1000]
set -e
cd "$(dirname "$0")/.."
N=${1:-1000}
F=${2:-1000}
mvn -o -q test-compile
echo "== xtalflow (DJL $(grep -m1 '<djl.version>' pom.xml | sed -E 's|.*<djl.version>(.*)<.*|\1|'), libtorch 2.7.1), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
java -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 -Xmx1g \
  -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  org.xtalflow.predict.bench.PredictBenchmark "$N" "$F" 2>&1 | grep -v ' WARN \| INFO '
echo "== original (txie-93/cgcnn rebuilt, /usr/bin/python3), load $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 scripts/bench-cgcnn-original.py "$N" "$F"
