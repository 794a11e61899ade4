#!/usr/bin/env bash
# Builds the docker image xwgrid/cartoon:1.0.0 from scratch (no registry, no base image) and saves
# it as target/cartoon-image.tar, the archive that xwapp-docker.json points at.
#
# The image holds only: a Java runtime cut down by jlink to java.base and java.desktop
# (/opt/java), the shared libraries it links against (found with ldd, copied to the same paths),
# the app (/opt/cartoon/cartoon.jar), an /etc/passwd with nobody (65534) and empty /tmp,
# /xw/input and /xw/output. It runs as 65534:65534 and is meant to run with no network, a
# read-only root, all capabilities dropped and a small tmpfs at /tmp (see the README).
#
# Usage: sample-apps/cartoon/build-image.sh   (from any folder; builds the jar first if missing)
# The last line printed is the archive's path and its sha256. Running it again rebuilds the same
# image: when the root filesystem did not change, the image already there is kept.
set -euo pipefail

IMAGE="xwgrid/cartoon:1.0.0"
ENTRYPOINT='["/opt/java/bin/java","-XX:MaxRAMPercentage=70","-XX:+UseSerialGC","-XX:TieredStopAtLevel=1","-XX:-UsePerfData","-Djava.awt.headless=true","-jar","/opt/cartoon/cartoon.jar"]'

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
target="$here/target"
jar="$target/cartoon.jar"
archive="$target/cartoon-image.tar"
rootfs="$target/image-rootfs"
layer="$target/image-rootfs.tar"

fail() {
  echo "build-image.sh: $*" >&2
  exit 1
}

command -v docker >/dev/null 2>&1 || fail "docker is not installed (the image is built with 'docker import')"
docker info >/dev/null 2>&1 || fail "'docker info' fails: is the docker engine running, and may this user reach it?"
jlink="${JAVA_HOME:+$JAVA_HOME/bin/}jlink"
command -v "$jlink" >/dev/null 2>&1 || fail "jlink not found (a JDK 17 or later is needed; set JAVA_HOME)"
command -v ldd >/dev/null 2>&1 || fail "ldd not found"

if [[ ! -f "$jar" ]]; then
  echo "building $jar"
  mvn -q -o -f "$repo/pom.xml" -pl sample-apps/cartoon package -DskipTests
fi
[[ -f "$jar" ]] || fail "$jar is missing after the build"

echo "assembling the root filesystem in $rootfs"
rm -rf "$rootfs" "$layer"
mkdir -p "$rootfs/opt/cartoon" "$rootfs/etc" "$rootfs/tmp" "$rootfs/xw/input" "$rootfs/xw/output"
"$jlink" --add-modules java.base,java.desktop --strip-debug --no-man-pages --no-header-files --compress=2 \
  --output "$rootfs/opt/java"
# Headless: no X11 toolkit, splash screen or sound, and no keytool.
rm -f "$rootfs/opt/java/lib/libawt_xawt.so" "$rootfs/opt/java/lib/libjawt.so" \
  "$rootfs/opt/java/lib/libsplashscreen.so" "$rootfs/opt/java/lib/libjsound.so" "$rootfs/opt/java/bin/keytool"
cp "$jar" "$rootfs/opt/cartoon/cartoon.jar"

# Every shared library the runtime links against, and the dynamic loader, at the paths they have here.
needed=()
while IFS= read -r -d '' f; do
  out="$(LD_LIBRARY_PATH="$rootfs/opt/java/lib/server" ldd "$f")" || fail "ldd $f failed"
  if grep -q 'not found' <<<"$out"; then
    fail "$f needs libraries this machine lacks: $(grep 'not found' <<<"$out" | tr -s ' \t' ' ')"
  fi
  while IFS= read -r lib; do
    [[ "$lib" == "$rootfs/"* ]] || needed+=("$lib")
  done < <(awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' <<<"$out")
done < <(find "$rootfs/opt/java" -type f \( -name '*.so' -o -path '*/bin/java' \) -print0)
libdirs=()
while IFS= read -r lib; do
  dir="$(dirname "$lib")"
  mkdir -p "$rootfs$dir"
  cp -L "$lib" "$rootfs$lib"
  [[ " ${libdirs[*]-} " == *" $dir "* ]] || libdirs+=("$dir")
done < <(printf '%s\n' "${needed[@]}" | sort -u)
[[ -n "$(find "$rootfs" -path "$rootfs/opt" -prune -o -name 'ld-linux*' -print -quit)" ]] ||
  fail "no dynamic loader found among the libraries"

printf 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n' >"$rootfs/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files\n' >"$rootfs/etc/nsswitch.conf"
chmod -R u=rwX,go=rX "$rootfs"
chmod 1777 "$rootfs/tmp"

# A reproducible layer: names sorted, one owner, one time.
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='@0' -C "$rootfs" -cf "$layer" .
layer_id="sha256:$(sha256sum "$layer" | cut -d' ' -f1)"
libpath="$(IFS=:; echo "${libdirs[*]}")"

# The image is kept when its layer and configuration are what this run would import.
wanted="[\"$layer_id\"]|$ENTRYPOINT|65534:65534|/tmp|[\"HOME=/tmp\",\"LD_LIBRARY_PATH=$libpath\"]"
format='{{json .RootFS.Layers}}|{{json .Config.Entrypoint}}|{{.Config.User}}|{{.Config.WorkingDir}}|{{json .Config.Env}}'
if [[ "$(docker image inspect --format "$format" "$IMAGE" 2>/dev/null || true)" == "$wanted" ]]; then
  echo "$IMAGE is up to date"
else
  old_id="$(docker image inspect --format '{{.Id}}' "$IMAGE" 2>/dev/null || true)"
  echo "importing $IMAGE"
  docker import \
    --change "ENTRYPOINT $ENTRYPOINT" \
    --change "USER 65534:65534" \
    --change "WORKDIR /tmp" \
    --change "ENV HOME=/tmp" \
    --change "ENV LD_LIBRARY_PATH=$libpath" \
    --message "xwgrid sample app cartoon 1.0.0" \
    "$layer" "$IMAGE" >/dev/null
  if [[ -n "$old_id" && "$old_id" != "$(docker image inspect --format '{{.Id}}' "$IMAGE")" ]]; then
    docker image rm "$old_id" >/dev/null 2>&1 || true # the replaced image, unless a container still uses it
  fi
fi
rm -rf "$rootfs" "$layer"

docker save -o "$archive.part" "$IMAGE"
chmod 644 "$archive.part"
mv -f "$archive.part" "$archive"
size="$(docker image inspect --format '{{.Size}}' "$IMAGE")"
echo "image $IMAGE: $((size / 1024 / 1024)) MiB"
echo "$archive sha256:$(sha256sum "$archive" | cut -d' ' -f1)"
