#!/usr/bin/env bash
# Builds the Dockerfile and tests the image where no Docker engine runs and no image registry is
# reachable (as on this project's machines), with Debian's buildah, as root:
#   1. base image  a minimal Debian made here with debootstrap, from the Debian mirror this machine's
#                  apt uses, imported with FROM scratch + ADD rootfs.tar
#   2. JDK image   this machine's JDK 25 at /opt/java/openjdk (the Temurin images' layout)
#   3. the image   the Dockerfile with BASE_IMAGE and JDK_IMAGE set to those two, PYTORCH_FLAVOR=cpu
#                  (DJL's CUDA build cannot be fetched here) and JUPYTER_FROM=debian (no Python index)
#   4. inside it   environment/docker/check-image.sh as the notebook user, in a network namespace
#                  with nothing but loopback: the kernel's user, the notebooks in quick mode
#                  (tests/run_notebooks.py), the browser test (tests/browser; Chromium, Node.js and
#                  playwright-core are added to the test container only), token authentication,
#                  the HEALTHCHECK command
# Prints the build time, the image size and the results, and writes them to
# build/image-test/report.txt. Too slow for every CI run (a whole image build): run it by hand.
#
#   environment/image-test.sh [--rebuild-base] [--keep] [notebook-or-folder ...]   (default: all notebooks)
#     --rebuild-base  make the base and JDK images again (kept between runs otherwise)
#     --keep          keep the built image (removed at the end otherwise; the base images stay)
#     --clean         remove everything this script stored (images, storage) and exit
# Settings: MLJAVA_IMAGE_WORK (storage, default /var/tmp/mljava-image-test),
#   MLJAVA_IMAGE_JUPYTER_FROM (default debian; pip where a Python package index is reachable),
#   MLJAVA_IMAGE_BROWSER=false (no browser test inside the image),
#   MLJAVA_IMAGE_LAYERS=true (keep the build's layers for faster reruns; the reported time is then not a clean build)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/environment/common.sh"

work="${MLJAVA_IMAGE_WORK:-/var/tmp/mljava-image-test}"
jupyter_from="${MLJAVA_IMAGE_JUPYTER_FROM:-debian}"
rebuild_base=false
keep=false
clean=false
targets=()
for arg in "$@"; do
  case "$arg" in
    --rebuild-base) rebuild_base=true ;;
    --keep) keep=true ;;
    --clean) clean=true ;;
    -*) die "unknown option $arg (image-test.sh takes --rebuild-base, --keep, --clean and notebooks)" ;;
    *) targets+=("$arg") ;;
  esac
done

[ "$(id -u)" -eq 0 ] || die "image-test.sh runs as root (buildah with chroot isolation, debootstrap)"
export BUILDAH_ISOLATION=chroot
bh() { buildah --root "$work/storage" --runroot "$work/run" --storage-driver vfs "$@"; }

if [ "$clean" = true ]; then
  if [ -d "$work/storage" ]; then
    bh rm --all >/dev/null 2>&1 || true
    bh rmi --all --force >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
  say "removed $work"
  exit 0
fi

step "Tools"
if ! command -v buildah >/dev/null || ! command -v debootstrap >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq buildah debootstrap >/dev/null
fi
say "$(buildah --version); debootstrap $(dpkg-query -W -f '${Version}' debootstrap)"
mkdir -p "$work" "$root/build/image-test"
out="$root/build/image-test"
image_exists() { bh inspect --type image "$1" >/dev/null 2>&1; }

# --- 1. base image ----------------------------------------------------------------------------
debian_mirror() { # the mirror this machine's apt uses for suite $1 (main component), read at run time
  python3 - "$1" <<'PY'
import glob, re, sys
suite = sys.argv[1]
for path in ['/etc/apt/sources.list'] + sorted(glob.glob('/etc/apt/sources.list.d/*.list')):
    try:
        lines = open(path).read().splitlines()
    except OSError:
        continue
    for line in lines:
        m = re.match(r'^\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)\s+(.*)$', line)
        if m and m.group(2) == suite and 'main' in m.group(3).split():
            print(m.group(1)); sys.exit(0)
for path in sorted(glob.glob('/etc/apt/sources.list.d/*.sources')):
    for stanza in re.split(r'\n\s*\n', open(path).read()):
        fields = {}
        for line in stanza.splitlines():
            if ':' in line and not line.startswith(('#', ' ')):
                key, value = line.split(':', 1)
                fields[key.strip().lower()] = value.split()
        if ('deb' in fields.get('types', []) and suite in fields.get('suites', [])
                and 'main' in fields.get('components', []) and fields.get('uris')):
            print(fields['uris'][0]); sys.exit(0)
sys.exit(1)
PY
}

codename="$(. /etc/os-release && echo "${VERSION_CODENAME:-}")"
[ -n "$codename" ] || die "cannot tell this machine's Debian codename from /etc/os-release"
base="localhost/mljava-test-base:$codename"
jdk_image="localhost/mljava-test-jdk:25"
image="localhost/java-ml-notebooks:image-test"

step "Base image $base"
if [ "$rebuild_base" = true ] || ! image_exists "$base"; then
  mirror="$(debian_mirror "$codename")" || die "no Debian mirror for $codename (main) in this machine's apt sources"
  say "debootstrap --variant=minbase $codename from the mirror in this machine's apt sources"
  rm -rf "$work/base" && mkdir -p "$work/base"
  started=$(date +%s)
  debootstrap --variant=minbase --include=ca-certificates "$codename" "$work/base/rootfs" "$mirror" > "$work/base/debootstrap.log" 2>&1 \
    || { tail -n 20 "$work/base/debootstrap.log"; die "debootstrap failed (log: $work/base/debootstrap.log)"; }
  rm -rf "$work/base/rootfs/var/cache/apt/archives/"*.deb "$work/base/rootfs/var/lib/apt/lists/"*
  tar -C "$work/base/rootfs" -cf "$work/base/rootfs.tar" .
  rm -rf "$work/base/rootfs"
  printf 'FROM scratch\nADD rootfs.tar /\nCMD ["bash"]\n' > "$work/base/Containerfile"
  bh rmi --force "$base" >/dev/null 2>&1 || true
  bh bud --quiet --isolation chroot --format docker -t "$base" -f "$work/base/Containerfile" "$work/base" >/dev/null
  rm -f "$work/base/rootfs.tar"
  say "made in $(( $(date +%s) - started )) s"
else
  say "already here (--rebuild-base makes it again)"
fi

# --- 2. JDK image -----------------------------------------------------------------------------
step "JDK image $jdk_image"
if [ "$rebuild_base" = true ] || ! image_exists "$jdk_image"; then
  find_java25
  say "from $JAVA_HOME"
  rm -rf "$work/jdk" && mkdir -p "$work/jdk/tree/opt/java"
  # -L: a JDK from a Debian package links lib/security/cacerts to /etc; the image needs the file
  cp -rL --preserve=mode,timestamps "$JAVA_HOME" "$work/jdk/tree/opt/java/openjdk"
  tar -C "$work/jdk/tree" -cf "$work/jdk/jdk.tar" .
  rm -rf "$work/jdk/tree"
  printf 'FROM scratch\nADD jdk.tar /\n' > "$work/jdk/Containerfile"
  bh rmi --force "$jdk_image" >/dev/null 2>&1 || true
  bh bud --quiet --isolation chroot --format docker -t "$jdk_image" -f "$work/jdk/Containerfile" "$work/jdk" >/dev/null
  rm -f "$work/jdk/jdk.tar"
else
  say "already here"
fi

# --- 3. the image -----------------------------------------------------------------------------
step "Image $image (Dockerfile; PYTORCH_FLAVOR=cpu, JUPYTER_FROM=$jupyter_from)"
context_kb="$(cd "$root" && tar -cf - --exclude=.git --exclude='./build' --exclude='*/target' --exclude='.ipynb_checkpoints' --exclude=.gl --exclude=.whl . | wc -c)"
say "build context about $(( context_kb / 1024 )) KiB (.dockerignore)"
# This machine's network inspects TLS: the certificate authorities it trusts beyond Debian's go in
extra_ca="$(cat /usr/local/share/ca-certificates/*.crt 2>/dev/null || true)"
[ -z "$extra_ca" ] || say "passing this machine's extra certificate authorities (/usr/local/share/ca-certificates) as EXTRA_CA_CERTS"
bh rm --all >/dev/null 2>&1 || true   # working containers a stopped build left behind
bh rmi --force "$image" >/dev/null 2>&1 || true
started=$(date +%s)
# MLJAVA_IMAGE_LAYERS=true caches the build's layers between runs (faster reruns, much more disk with vfs)
if ! bh bud --isolation chroot --format docker --pull=never --force-rm --layers="${MLJAVA_IMAGE_LAYERS:-false}" \
     --build-arg BASE_IMAGE="$base" --build-arg JDK_IMAGE="$jdk_image" \
     --build-arg JUPYTER_FROM="$jupyter_from" --build-arg PYTORCH_FLAVOR=cpu \
     --build-arg EXTRA_CA_CERTS="$extra_ca" \
     -t "$image" -f "$root/Dockerfile" "$root" > "$out/build.log" 2>&1; then
  tail -n 40 "$out/build.log"
  die "the image build failed (log: build/image-test/build.log)"
fi
build_seconds=$(( $(date +%s) - started ))
size="$(bh images --format '{{.Size}}' "$image" | head -n 1)"
healthcheck="$(bh inspect --type image --format '{{if .Docker.Config.Healthcheck}}{{.Docker.Config.Healthcheck.Test}}{{end}}' "$image")"
config="$(bh inspect --type image --format 'user={{.Docker.Config.User}} ports={{.Docker.Config.ExposedPorts}} volumes={{.Docker.Config.Volumes}} entrypoint={{.Docker.Config.Entrypoint}} cmd={{.Docker.Config.Cmd}}' "$image")"
say "built in $build_seconds s; size $size"
say "$config"
say "healthcheck $healthcheck"

# --- 4. inside the image, offline, as the notebook user ---------------------------------------
step "Inside the image: no network, as the notebook user"
container="$(bh from --pull=never --quiet "$image")"
user="$(bh inspect --type container --format '{{.Docker.Config.User}}' "$container")"
project="$(bh inspect --type container --format '{{.Docker.Config.WorkingDir}}' "$container")"
home="/home/$user"
caches="$(bh run --user "$user" --env HOME="$home" "$container" -- sh -c 'du -sh ~/.m2 ~/.djl.ai ~/.cache/mljava 2>/dev/null | tr "\t" " " | paste -sd ";" -')"
say "caches: $caches"
# For the browser test only (not in the image that learners get): Debian's Chromium and Node.js as
# root, playwright-core from npm as the notebook user, with network, before the offline run.
if [ "${MLJAVA_IMAGE_BROWSER:-true}" = true ]; then
  say "adding Chromium, Node.js and playwright-core to the test container (MLJAVA_IMAGE_BROWSER=false skips the browser test)"
  bh run --isolation chroot --network host --user root "$container" -- sh -c \
    'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium nodejs npm >/dev/null' \
    || die "could not install Chromium and Node.js in the test container (MLJAVA_IMAGE_BROWSER=false skips the browser test)"
  bh run --isolation chroot --network host --user "$user" --env HOME="$home" "$container" -- sh -c \
    "cd '$project/tests/browser' && npm ci --no-audit --no-fund --loglevel=error >/dev/null" \
    || die "npm could not install tests/browser's packages in the test container"
fi
status=0
# A network namespace of its own with only loopback up: nothing outside the container is reachable.
unshare --net -- sh -c 'ip link set lo up && exec "$@"' sh \
  buildah --root "$work/storage" --runroot "$work/run" --storage-driver vfs run --isolation chroot --network host \
    --user "$user" --env HOME="$home" --env MLJAVA_JUPYTER_PORT=8888 "$container" -- \
    "$project/environment/docker/check-image.sh" "${targets[@]}" 2>&1 | tee "$out/checks.log" || status=$?
if [ "${MLJAVA_IMAGE_BROWSER:-true}" = true ]; then   # the browser test's screenshots, out of the container
  rm -rf "$out/browser-screenshots"
  mnt="$(bh mount "$container")"
  [ ! -d "$mnt$project/build/browser-test/screenshots" ] || cp -r "$mnt$project/build/browser-test/screenshots" "$out/browser-screenshots"
  bh umount "$container" >/dev/null || true
fi
bh rm "$container" >/dev/null

{
  echo "image-test $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores"
  echo "image: $image (PYTORCH_FLAVOR=cpu, JUPYTER_FROM=$jupyter_from, base $base, JDK $jdk_image)"
  echo "build: $build_seconds s (storage driver vfs, chroot isolation)"
  echo "size: $size"
  echo "config: $config"
  echo "healthcheck: $healthcheck"
  echo "caches: $caches"
  grep -E '^check |^checks: |^notebooks: ' "$out/checks.log" || true
} > "$out/report.txt"
step "Report (build/image-test/report.txt)"
cat "$out/report.txt"

if [ "$keep" = false ]; then
  bh rmi --force "$image" >/dev/null 2>&1 || true
fi
grep -qE '^checks: 0 failed' "$out/checks.log" && [ "$status" -eq 0 ] || die "the image test failed (see above; full output: build/image-test/checks.log)"
step "Image test passed"
