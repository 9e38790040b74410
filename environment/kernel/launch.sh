#!/usr/bin/env bash
# Starts the Java kernel (IJava + the mljava extension). Jupyter runs this with the connection file.
# Settings, all optional, read from the environment Jupyter was started in:
#   MLJAVA_KERNEL_HEAP   maximum heap, e.g. 8g (default: half of the machine's memory)
#   MLJAVA_KERNEL_OPTS   extra JVM options
#   MLJAVA_THREADS       intra-op threads for PyTorch (default: 1 on machines with 4 cores or fewer)
#   HTTPS_PROXY, HTTP_PROXY, NO_PROXY   used by %maven, data downloads and DJL's model hub
#   MLJAVA_GPU           auto (default): DJL's CUDA build of PyTorch, where setup.sh fetched one
#                        (MLJAVA_PYTORCH_FLAVOR=cu128), when an NVIDIA GPU is visible; off: always
#                        the CPU build; on: the CUDA build even when no GPU device file is seen
#   ONEDNN_MAX_CPU_ISA   oneDNN's instruction set; by default the one setup recorded for this machine
#                        (see below), else oneDNN's own choice
# launch.sh --machine-fingerprint prints the fingerprint that setup's oneDNN record is keyed by.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${MLJAVA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mljava}"

# This machine as the oneDNN record below names it: kernel release and CPU (model and flags).
machine_fingerprint() {
  { uname -r; grep -m 1 '^model name' /proc/cpuinfo || true; grep -m 1 -e '^flags' -e '^Features' /proc/cpuinfo || true; } 2>/dev/null \
    | sha256sum | cut -c1-16
}
if [ "${1:-}" = "--machine-fingerprint" ]; then machine_fingerprint; exit 0; fi
java_bin="@JAVA_BIN@"

heap_opt="-XX:MaxRAMPercentage=50"
if [ -n "${MLJAVA_KERNEL_HEAP:-}" ]; then heap_opt="-Xmx${MLJAVA_KERNEL_HEAP}"; fi

# Small machines: one PyTorch thread, or small fits get several times slower (measured on 2 cores).
cores=$(nproc 2>/dev/null || echo 4)
if [ -z "${MLJAVA_THREADS:-}" ]; then
  if [ "$cores" -le 4 ]; then MLJAVA_THREADS=1; else MLJAVA_THREADS=$((cores / 2)); fi
fi
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-$MLJAVA_THREADS}"

# GPU: setup.sh records where DJL put its CUDA build of libtorch. DJL loads the library named by
# PYTORCH_LIBRARY_PATH (with the JNI glue for PYTORCH_FLAVOR/PYTORCH_VERSION) before any
# pytorch-native-cpu jar a notebook put on the class path, so notebooks run unchanged on the GPU.
cuda_record="$cache/pytorch-cuda.env"
gpu_visible=false
if [ -e /dev/nvidiactl ] || [ -e /dev/nvidia0 ] || [ -e /dev/dxg ]; then gpu_visible=true; fi
case "${MLJAVA_GPU:-auto}" in
  on) use_cuda=true ;;
  off) use_cuda=false ;;
  *) use_cuda=$gpu_visible ;;
esac
if [ "$use_cuda" = true ] && [ -z "${PYTORCH_LIBRARY_PATH:-}" ] && [ -r "$cuda_record" ]; then
  while IFS='=' read -r key value; do
    case "$key" in PYTORCH_LIBRARY_PATH|PYTORCH_FLAVOR|PYTORCH_VERSION) export "$key=$value" ;; esac
  done < "$cuda_record"
fi

# oneDNN: on some machines (AMD EPYC virtual machines, measured) its vectorized float32 convolutions
# are wrong, even NaN, for channel counts that are not a multiple of 8 or 16. Setup checks that
# (org.mljava.tools.CheckOneDnn) and records the instruction set that is right here; it holds for
# this machine only, and a value set by the user wins.
onednn_record="$cache/onednn.env"
if [ -z "${ONEDNN_MAX_CPU_ISA:-}" ] && [ -r "$onednn_record" ] && grep -qx "MACHINE=$(machine_fingerprint)" "$onednn_record"; then
  isa="$(sed -n 's/^ONEDNN_MAX_CPU_ISA=\([A-Z0-9_]*\)$/\1/p' "$onednn_record" | head -n 1)"
  if [ -n "$isa" ]; then export ONEDNN_MAX_CPU_ISA="$isa"; fi
fi

# No GPU device: DJL's CUDA probe would only warn that no driver is there.
if [ ! -e /dev/nvidia0 ]; then MLJAVA_KERNEL_OPTS="-Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error ${MLJAVA_KERNEL_OPTS:-}"; fi

# Class-data sharing: the JVM writes an archive of the kernel's classes when it exits and maps it
# on later starts (start-up about a third faster). Rebuilt automatically when the JDK or jars change.
cds_dir="$cache/kernel-cds"
cds_opt=()
if mkdir -p "$cds_dir" 2>/dev/null && [ -w "$cds_dir" ]; then
  cds_opt=("-XX:+AutoCreateSharedArchive" "-XX:SharedArchiveFile=$cds_dir/kernel.jsa" "-Xlog:cds=off" "-Xlog:cds+dynamic=off")
fi

# shellcheck disable=SC2086
exec "$java_bin" $heap_opt "${cds_opt[@]}" \
  -Djava.awt.headless=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dai.djl.pytorch.num_threads="$MLJAVA_THREADS" -Dai.djl.pytorch.num_interop_threads=1 \
  --add-opens jdk.jshell/jdk.jshell.execution=ALL-UNNAMED \
  --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
  ${MLJAVA_KERNEL_OPTS:-} \
  -cp "$here/lib/*" org.mljava.kernel.Launcher "$@"
