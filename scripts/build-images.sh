#!/usr/bin/env bash
# Builds Pipewright's local container images without a registry (nothing is pulled):
#   pipewright/busybox:1   FROM scratch + Debian's static busybox; a 2 MB image for fast executor tests.
#   pipewright/runtime:1   Debian bookworm (debootstrap, minbase) + python3, pandas, scikit-learn, scipy,
#                          numpy, our component code (resources/python) at /opt/pipewright/python, and the
#                          `pipewright` command (validate, compile, export, import, schema, drift): this
#                          machine's node at /opt/pipewright/node, the bundle of scripts/bundle-cli.mjs at
#                          /opt/pipewright/cli, and /usr/local/bin/pipewright running one with the other.
# Machines that can reach Docker Hub may instead use docker/runtime.Dockerfile (same packages, same paths).
#
# Usage: bash scripts/build-images.sh [--only busybox|runtime] [--force]
#   --only    build one image (default: both)
#   --force   rebuild even when the image is already there (for runtime: the Debian base too)
# Cached: an image that exists is kept. pipewright/runtime:1 carries a digest of its top layer (component
# code, CLI bundle, node version); the CLI is re-bundled on every run (≈1 s) and only the top layer (a few
# seconds) is rebuilt when that digest changed; the Debian base (pipewright/runtime-base:1, 1–4 min) is
# rebuilt only with --force or when missing. Needs node and `npm ci` (esbuild, @duckdb) for the bundle.
# The Debian mirror is read from this machine's apt configuration (or $PIPEWRIGHT_DEBIAN_MIRROR); no host
# name lives in this repository. Needs: docker, and for runtime: debootstrap (run as root).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
only=all
force=0
while (($#)); do
  case $1 in
    --only) only=${2:-}; shift 2 ;;
    --only=*) only=${1#--only=}; shift ;;
    --force) force=1; shift ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-images: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
case $only in all|busybox|runtime) ;; *) echo "build-images: --only takes busybox or runtime, not '$only'" >&2; exit 2 ;; esac

BUSYBOX_IMAGE=pipewright/busybox:1
RUNTIME_BASE_IMAGE=pipewright/runtime-base:1
RUNTIME_IMAGE=pipewright/runtime:1
RELEASE=bookworm
PACKAGES=python3,python3-pandas,python3-sklearn,python3-scipy,python3-numpy

if ! docker info >/dev/null 2>&1; then
  echo "build-images: the Docker engine does not answer (is dockerd running? try: bash ../shared/scripts/start-dockerd.sh)" >&2
  exit 1
fi

# Every temp dir goes on this list and is removed on exit, also after a failure or Ctrl-C.
tmpdirs=()
cleanup() { local d; for d in "${tmpdirs[@]}"; do [[ -n $d && -d $d ]] && rm -rf --one-file-system "$d"; done; return 0; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# Sets the variable named $1 (not echoed: a $(...) subshell would register the dir in its own copy of the list).
new_tmp() { local d; d=$(mktemp -d "${TMPDIR:-/tmp}/pipewright-image.XXXXXX"); tmpdirs+=("$d"); printf -v "$1" '%s' "$d"; }

# Runs a docker command quietly; its output is shown only when it fails (the legacy builder's deprecation
# notice would otherwise drown what this script reports).
quiet() { local out; if ! out=$("$@" 2>&1); then printf '%s\n' "$out" >&2; return 1; fi; }
have_image() { docker image inspect "$1" >/dev/null 2>&1; }
image_size() { docker image inspect -f '{{.Size}}' "$1" | awk '{ printf "%.0f MB", $1 / 1e6 }'; }
now() { date +%s.%N; }
took() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }

# The archive this machine's apt already uses for $RELEASE: deb822 *.sources stanzas first, then one-line
# *.list entries. Security and -updates suites are skipped: debootstrap wants the main archive.
apt_mirror() {
  if [[ -n ${PIPEWRIGHT_DEBIAN_MIRROR:-} ]]; then printf '%s' "$PIPEWRIGHT_DEBIAN_MIRROR"; return; fi
  local f uri
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f $f ]] || continue
    uri=$(awk -v rel="$RELEASE" '
      BEGIN { RS = ""; FS = "\n" }   # paragraph mode: one stanza per record
      {
        uris = ""; suites = ""; types = ""; enabled = 1
        for (i = 1; i <= NF; i++) {
          line = $i
          if (line ~ /^URIs:/) { sub(/^URIs:[ \t]*/, "", line); uris = line }
          else if (line ~ /^Suites:/) { sub(/^Suites:/, "", line); suites = line " " }
          else if (line ~ /^Types:/) { sub(/^Types:/, "", line); types = line " " }
          else if (line ~ /^Enabled:[ \t]*no/) enabled = 0
        }
        if (enabled && types ~ /[ \t]deb[ \t]/ && suites ~ ("[ \t]" rel "[ \t]")) {
          split(uris, u, /[ \t]+/); print u[1]; exit
        }
      }' "$f")
    if [[ -n $uri ]]; then printf '%s' "$uri"; return; fi
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f $f ]] || continue
    uri=$(awk -v rel="$RELEASE" '
      $1 == "deb" {
        i = 2
        if ($i ~ /^\[/) { while (i < NF && $i !~ /\]$/) i++; i++ }   # skip [options]
        if ($(i + 1) == rel) { print $i; exit }
      }' "$f")
    if [[ -n $uri ]]; then printf '%s' "$uri"; return; fi
  done
  return 1
}

build_busybox() {
  if ((!force)) && have_image "$BUSYBOX_IMAGE"; then
    echo "$BUSYBOX_IMAGE: already built ($(image_size "$BUSYBOX_IMAGE")), kept"; return
  fi
  local busybox=/bin/busybox start ctx applet
  start=$(now)
  # Only a statically linked busybox runs in an empty image; Debian's busybox-static provides one.
  if ! [[ -x $busybox ]] || ! "$busybox" --list >/dev/null 2>&1 || ldd "$busybox" >/dev/null 2>&1; then
    echo "build-images: $BUSYBOX_IMAGE needs a static busybox at $busybox (Debian: apt-get install busybox-static)" >&2
    exit 1
  fi
  new_tmp ctx
  mkdir -p "$ctx/rootfs/bin" "$ctx/rootfs/etc" "$ctx/rootfs/tmp"
  chmod 1777 "$ctx/rootfs/tmp"
  cp "$busybox" "$ctx/rootfs/bin/busybox"
  # Applet links made here rather than with RUN: the build then needs no container and no network.
  for applet in $("$busybox" --list); do
    [[ $applet == busybox ]] || ln -s busybox "$ctx/rootfs/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$ctx/rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$ctx/rootfs/etc/group"
  cat >"$ctx/Dockerfile" <<'EOF'
FROM scratch
COPY rootfs/ /
ENV PATH=/bin
CMD ["/bin/sh"]
EOF
  quiet docker build --network none -t "$BUSYBOX_IMAGE" "$ctx"
  echo "$BUSYBOX_IMAGE: built in $(took "$start") ($(image_size "$BUSYBOX_IMAGE"))"
}

build_runtime_base() {
  if ((!force)) && have_image "$RUNTIME_BASE_IMAGE"; then
    echo "$RUNTIME_BASE_IMAGE: already built ($(image_size "$RUNTIME_BASE_IMAGE")), kept"; return
  fi
  local mirror start dir log
  if ! command -v debootstrap >/dev/null; then
    echo "build-images: $RUNTIME_BASE_IMAGE needs debootstrap (Debian: apt-get install debootstrap)" >&2; exit 1
  fi
  if ! mirror=$(apt_mirror); then
    echo "build-images: found no Debian '$RELEASE' archive in /etc/apt; set PIPEWRIGHT_DEBIAN_MIRROR to one" >&2; exit 1
  fi
  start=$(now)
  # The rootfs (≈1.2 GB) lives in a temp dir outside the repository and is removed on exit.
  new_tmp dir
  log="$dir/debootstrap.log"
  echo "$RUNTIME_BASE_IMAGE: debootstrap $RELEASE (minbase + $PACKAGES); takes 1–4 minutes"
  if ! debootstrap --variant=minbase --include="$PACKAGES" "$RELEASE" "$dir/rootfs" "$mirror" >"$log" 2>&1; then
    echo "build-images: debootstrap failed; last lines of its log:" >&2
    tail -n 20 "$log" >&2
    exit 1
  fi
  # Package caches and lists are not needed at run time and add ~100 MB.
  rm -rf "$dir/rootfs/var/cache/apt/archives/"*.deb "$dir/rootfs/var/lib/apt/lists/"* "$dir/rootfs/var/log/"*.log
  tar --numeric-owner -C "$dir/rootfs" -c . \
    | docker import -c 'CMD ["/bin/bash"]' -c 'ENV LANG=C.UTF-8' - "$RUNTIME_BASE_IMAGE" >/dev/null
  echo "$RUNTIME_BASE_IMAGE: built in $(took "$start") ($(image_size "$RUNTIME_BASE_IMAGE"))"
}

build_runtime() {
  local digest current previous start ctx node node_version
  # The node running this script, by its real path (not a version manager's shim). Official Node builds need
  # glibc 2.28, which bookworm has; the smoke test after the build catches one that does not run there.
  if ! node=$(node -p process.execPath 2>/dev/null) || [[ ! -x $node ]]; then
    echo "build-images: $RUNTIME_IMAGE needs node on PATH (its binary and the CLI bundle go into the image)" >&2; exit 1
  fi
  node_version=$("$node" --version)
  new_tmp ctx
  # The top layer, laid out as it lands in the image: component code, the CLI bundle and node under
  # /opt/pipewright, and the `pipewright` command on PATH. Bundled on every run (≈1 s), so that the digest
  # below sees changes to the CLI's source.
  mkdir -p "$ctx/rootfs/opt/pipewright/node/bin" "$ctx/rootfs/usr/local/bin"
  tar --exclude=__pycache__ -C "$root/resources" -cf - python | tar -C "$ctx/rootfs/opt/pipewright" -xf -
  if ! quiet "$node" "$root/scripts/bundle-cli.mjs" "$ctx/rootfs/opt/pipewright/cli"; then
    echo "build-images: bundling the CLI failed (has \`npm ci\` run?)" >&2; exit 1
  fi
  printf '#!/bin/sh\nexec /opt/pipewright/node/bin/node /opt/pipewright/cli/pipewright.mjs "$@"\n' >"$ctx/rootfs/usr/local/bin/pipewright"
  chmod 755 "$ctx/rootfs/usr/local/bin/pipewright"
  # Content digest of the layer (names, modes, bytes; not timestamps), with node's version and architecture
  # standing for its 100 MB binary: it changes when the component code, the CLI or node does.
  digest=$({ tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$ctx/rootfs" -cf - .
             printf 'node %s %s\n' "$node_version" "$(uname -m)"; } | sha256sum | cut -c1-16)
  current=$(docker image inspect -f '{{ index .Config.Labels "pipewright.layer-digest" }}' "$RUNTIME_IMAGE" 2>/dev/null || true)
  if ((!force)) && [[ $current == "$digest" ]]; then
    echo "$RUNTIME_IMAGE: already built ($(image_size "$RUNTIME_IMAGE")), component code, CLI and node unchanged, kept"; return
  fi
  build_runtime_base
  start=$(now)
  cp "$node" "$ctx/rootfs/opt/pipewright/node/bin/node"
  cat >"$ctx/Dockerfile" <<EOF
FROM $RUNTIME_BASE_IMAGE
COPY rootfs/ /
ENV PYTHONPATH=/opt/pipewright/python PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1
LABEL pipewright.layer-digest=$digest pipewright.node-version=$node_version
CMD ["python3"]
EOF
  # Built under a candidate tag: a node linked against a newer glibc, or a distribution's node that needs its
  # shared libnode, fails this check, and the image it would have replaced stays.
  quiet docker build --network none -t "$RUNTIME_IMAGE-candidate" "$ctx"
  if ! quiet docker run --rm --network none "$RUNTIME_IMAGE-candidate" pipewright --version; then
    quiet docker image rm "$RUNTIME_IMAGE-candidate" || true
    echo "build-images: \`pipewright --version\` fails in the new $RUNTIME_IMAGE; $node may not run on Debian $RELEASE" \
      "(an official Node build does)" >&2
    exit 1
  fi
  previous=$(docker image inspect -f '{{.Id}}' "$RUNTIME_IMAGE" 2>/dev/null || true)
  quiet docker tag "$RUNTIME_IMAGE-candidate" "$RUNTIME_IMAGE"
  quiet docker image rm "$RUNTIME_IMAGE-candidate"
  # The image replaced is now untagged; its top layer (≈170 MB) would pile up with every CLI change. Kept
  # when a container still uses it or another tag names it.
  if [[ -n $previous && $previous != "$(docker image inspect -f '{{.Id}}' "$RUNTIME_IMAGE")" ]] \
    && [[ -z $(docker image inspect -f '{{join .RepoTags ""}}' "$previous" 2>/dev/null) ]]; then
    docker image rm "$previous" >/dev/null 2>&1 || true
  fi
  echo "$RUNTIME_IMAGE: built in $(took "$start") ($(image_size "$RUNTIME_IMAGE"), layer $digest, node $node_version)"
}

total=$(now)
if [[ $only == all || $only == busybox ]]; then build_busybox; fi
if [[ $only == all || $only == runtime ]]; then build_runtime; fi
echo "build-images: done in $(took "$total")"
