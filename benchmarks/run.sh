#!/usr/bin/env bash
# The Java stack beside the books' Python stack, measured in one run (see benchmarks/README.md).
#   benchmarks/run.sh            the whole benchmark (about 5 minutes here): writes benchmarks/RESULTS.md
#   benchmarks/run.sh --smoke    one round, small sizes, no warm-up (under 2 minutes): proves that both
#                                sides still build and run; writes benchmarks/target/RESULTS-smoke.md
#   benchmarks/run.sh --only kmeans,knn    only these benchmarks (ids: see Bench.groups)
# Python side: Debian's python3-sklearn, python3-torch and python3-numpy, run with /usr/bin/python3.
# The full run installs them with apt-get when they are missing (about a minute of dpkg here, plus the
# download). The smoke run does not install them (MLJAVA_BENCH_INSTALL=yes makes it): without them it
# runs the Java side alone and says why.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

smoke=false
only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=true ;;
    --only) only="$2"; shift ;;
    *) echo "usage: benchmarks/run.sh [--smoke] [--only id,id]" >&2; exit 2 ;;
  esac
  shift
done

# ---- Java 25 and the Java side ---------------------------------------------------------------
if [ -z "${JAVA_HOME:-}" ] && [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
echo "== building the Java side (mvn -pl benchmarks package)"
# the helper library comes from ~/.m2 (environment/setup.sh installs it), as the notebooks get it; the static
# checks run in `mvn test`, not here
mkdir -p benchmarks/target
if ! mvn -o -q -B -pl benchmarks package -DskipTests -Dcheckstyle.skip -Dspotbugs.skip > benchmarks/target/build.log 2>&1; then
  # offline first; online when a plugin or library is not in ~/.m2 yet
  mvn -q -B -pl benchmarks package -DskipTests -Dcheckstyle.skip -Dspotbugs.skip > benchmarks/target/build.log 2>&1 || { tail -30 benchmarks/target/build.log; exit 1; }
fi

# ---- the Python side ---------------------------------------------------------------------------
python="${MLJAVA_BENCH_PYTHON:-/usr/bin/python3}"   # the Python side (Debian's interpreter and packages)
packages="python3-sklearn python3-torch python3-numpy"
python_ok() { "$python" -c "import sklearn, torch, numpy" > /dev/null 2>&1; }
skip_reason=""
if ! python_ok; then
  if [ "$smoke" = true ] && [ "${MLJAVA_BENCH_INSTALL:-no}" != yes ]; then
    skip_reason="$python cannot import sklearn, torch and numpy, and the smoke run does not install $packages (about a minute of apt-get): run benchmarks/run.sh once, or set MLJAVA_BENCH_INSTALL=yes"
  else
    echo "== installing $packages with apt-get"
    sudo_cmd=""; if [ "$(id -u)" != 0 ]; then sudo_cmd="sudo"; fi
    started=$(date +%s)
    if $sudo_cmd apt-get install -y --no-install-recommends $packages > /tmp/mljava-bench-apt.log 2>&1 \
       || { $sudo_cmd apt-get update > /dev/null 2>&1 && $sudo_cmd apt-get install -y --no-install-recommends $packages > /tmp/mljava-bench-apt.log 2>&1; }; then
      echo "   installed in $(( $(date +%s) - started )) s"
    else
      tail -5 /tmp/mljava-bench-apt.log
    fi
    python_ok || skip_reason="$packages could not be installed or imported with $python (log: /tmp/mljava-bench-apt.log)"
  fi
fi
if [ -n "$skip_reason" ]; then echo "== Python side SKIPPED: $skip_reason"; fi

# ---- one thread on both sides; the run -------------------------------------------------------------
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
jvm=(-XX:ActiveProcessorCount=1 -Xms3g -Xmx3g -XX:+AlwaysPreTouch
     -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1
     -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error
     --enable-native-access=ALL-UNNAMED -cp "benchmarks/target/classes:benchmarks/target/lib/*")
out=benchmarks/target
data="$out/data"
common=(--data "$data" --worker benchmarks/python/worker.py --python "$python")
if [ -n "$skip_reason" ]; then common+=(--no-python --python-skip-reason "$skip_reason"); fi
if [ -n "$only" ]; then common+=(--only "$only"); fi
started=$(date +%s)
if [ "$smoke" = true ]; then
  "$java" "${jvm[@]}" org.mljava.benchmarks.Bench --smoke "${common[@]}" --out "$out/results-smoke.json"
  "$java" -cp "benchmarks/target/classes:benchmarks/target/lib/*" org.mljava.benchmarks.Report "$out/RESULTS-smoke.md" "$out/results-smoke.json"
else
  "$java" "${jvm[@]}" org.mljava.benchmarks.Bench "${common[@]}" --out "$out/results.json"
  # the same DJL work again with glibc's allocator tuned (documented glibc tunables, on both sides)
  if [ -z "$only" ] || [[ ",$only," =~ ,(cnn-step|mlp-step|ch11-epoch), ]]; then
    MALLOC_ARENA_MAX=1 MALLOC_MMAP_THRESHOLD_=16777216 MALLOC_TRIM_THRESHOLD_=1073741824 \
      "$java" "${jvm[@]}" org.mljava.benchmarks.Bench "${common[@]}" --only "${only:-mlp-step,cnn-step,ch11-epoch}" \
      --variant malloc-tuned --out "$out/results-malloc.json"
  fi
  platform=()
  if [ -z "$only" ] && [ -n "$(command -v jupyter || true)" ]; then
    "$python" benchmarks/python/platform_times.py "$out/platform.json" || echo "   (platform timings failed; see above)"
    platform=("$out/platform.json")
  fi
  "$java" -cp "benchmarks/target/classes:benchmarks/target/lib/*" org.mljava.benchmarks.Report benchmarks/RESULTS.md \
    "$out/results.json" "$out/results-malloc.json" "${platform[@]}"
fi
echo "== done in $(( $(date +%s) - started )) s"
