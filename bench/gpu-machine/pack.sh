#!/bin/bash
# Packs what `npm run bench -- --gpu` needs on a Linux x86-64 machine with a GPU but without
# Chromium or Node (a rented GPU box): Debian's Chromium headless shell with the libraries
# it links, Node, Playwright, the NVIDIA/GL loader packages, one font. Run it here, from the
# repository root, on Debian 12 with chromium-headless-shell installed (apt-get install -y
# chromium-headless-shell), after npm ci and npm run build.
#
# Writes .devbench/part.* (the bundle split into pieces of PART_SIZE, for transfers with a
# size limit) and .devbench/sums.txt; copy those, bench/gpu-machine/run.sh and dist/ there.
set -euo pipefail
PART_SIZE=${PART_SIZE:-56M}
STAGE=$(mktemp -d)
ROOT=$PWD
mkdir -p "$STAGE/chrome/locales" "$STAGE/libs" "$STAGE/node/bin" "$STAGE/fonts" "$STAGE/gl" "$STAGE/nm/node_modules/@playwright" .devbench

# The headless shell and the data files it reads (not the full browser's resources).
cd /usr/lib/chromium
cp chromium-headless-shell headless_command_resources.pak headless_lib_data.pak headless_lib_strings.pak \
  icudtl.dat snapshot_blob.bin v8_context_snapshot.bin libvulkan.so.1 libEGL.so libGLESv2.so \
  libvk_swiftshader.so vk_swiftshader_icd.json chrome_crashpad_handler "$STAGE/chrome/"
cp locales/en-US.pak "$STAGE/chrome/locales/"
# Every library it links but the C library's own; run.sh keeps only those the machine lacks.
ldd chromium-headless-shell | awk '/=>/ {print $3}' | grep -v -E '/(libc|libm|libdl|libpthread|librt)\.so' | xargs -I{} cp -L {} "$STAGE/libs/"
cp -rL /usr/lib/x86_64-linux-gnu/nss "$STAGE/libs/nss"

cd "$ROOT"
cp "$(readlink -f "$(command -v node)")" "$STAGE/node/bin/node"
cp -r node_modules/playwright node_modules/playwright-core "$STAGE/nm/node_modules/"
cp -r node_modules/@playwright/test "$STAGE/nm/node_modules/@playwright/"
cp /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf "$STAGE/fonts/"
cat > "$STAGE/fonts/fonts.conf" <<'CONF'
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>/tmp/qkv/fonts</dir><cachedir>/tmp/qkv/fontcache</cachedir></fontconfig>
CONF
# The GL and Vulkan loaders (libglvnd): the NVIDIA driver's own libraries need them.
(cd "$STAGE/gl" && apt-get download libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2)

# Two archives, so that run.sh can check each against its sum before unpacking.
(cd "$STAGE" && tar -cf - chrome | xz -T0 -7 > chrome.tar.xz && tar -cf - node nm libs fonts gl | xz -T0 -7 > rest.tar.xz)
cat "$STAGE/chrome.tar.xz" "$STAGE/rest.tar.xz" | split -b "$PART_SIZE" - .devbench/part.
(cd "$STAGE" && sha256sum chrome.tar.xz rest.tar.xz && stat -c '%s' chrome.tar.xz) > .devbench/sums.txt
rm -rf "$STAGE"
ls -l .devbench
