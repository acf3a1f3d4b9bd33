#!/bin/bash
# On the GPU machine, from the repository root (dist/ built, .devbench/ from pack.sh copied
# there): unpack the Chromium headless shell, Node and libraries, find the launch flags that
# put WebGPU and WebGL on the GPU, then run the bench with them. Results go to $OUT.
#   PARTS: the bundle's pieces in order (default .devbench/part.*), where a transfer limit
#          made them arrive in separate places
#   BENCH_ARGS, BENCH_TIMEOUT (s): what to run, and for how long at most
set -u
REPO=$PWD
Q=/tmp/qkv
OUT=${OUT:-/tmp/qkv-out}
BENCH_ARGS=${BENCH_ARGS:---gpu --static-server --runs 5 --backends webgpu,webgl,wasm,cpu}
BENCH_TIMEOUT=${BENCH_TIMEOUT:-420}
mkdir -p $Q $OUT
step() { echo; echo "== $(date +%T) $*"; }

step unpack
cat ${PARTS:-$REPO/.devbench/part.*} > $Q/both.bin || exit 1
cd $Q
CHROME_BYTES=$(tail -1 $REPO/.devbench/sums.txt)
head -c $CHROME_BYTES both.bin > chrome.tar.xz; tail -c +$((CHROME_BYTES + 1)) both.bin > rest.tar.xz; rm both.bin
grep -E "chrome|rest" $REPO/.devbench/sums.txt | sha256sum -c || exit 1
if command -v xz >/dev/null; then tar -xJf chrome.tar.xz && tar -xJf rest.tar.xz
else python3 -c "import tarfile; [tarfile.open(f).extractall('.') for f in ('chrome.tar.xz', 'rest.tar.xz')]"; fi
ls $Q $Q/chrome | tr '\n' ' '

step GL loaders and libraries
for f in $Q/gl/*.deb; do dpkg -x $f /; done; ldconfig
cp $Q/libs/nss/*.so $Q/libs/ 2>/dev/null
# The machine's own libraries first; carried ones only where it has none.
for lib in $Q/libs/*.so*; do
  name=$(basename $lib)
  if ldconfig -p | grep -q "^[[:space:]]$name "; then rm -f $lib; fi
done
echo "carried libraries in use: $(ls $Q/libs | tr '\n' ' ')"
export LD_LIBRARY_PATH=$Q/libs
[ -d /usr/local/nvidia/lib64 ] && export LD_LIBRARY_PATH=$LD_LIBRARY_PATH:/usr/local/nvidia/lib64
ICD=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
[ -f $ICD ] && export VK_DRIVER_FILES=$ICD
EGLV=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
[ -f $EGLV ] && export __EGL_VENDOR_LIBRARY_FILENAMES=$EGLV
export FONTCONFIG_FILE=$Q/fonts/fonts.conf
export QKV_CHROMIUM=$Q/chrome/chromium-headless-shell
export PATH=$Q/node/bin:$PATH
ln -sfn $Q/nm/node_modules $REPO/node_modules
cd $REPO

step machine
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv 2>&1
echo "cpus: $(nproc)  $(grep PRETTY /etc/os-release)  $(ldd --version | head -1)  node $(node --version)"
echo "vulkan icd: ${VK_DRIVER_FILES:-none found}"; ls /usr/local/nvidia/share/vulkan/icd.d/ /etc/vulkan/icd.d /usr/share/vulkan/icd.d 2>&1 | head
echo "missing for chromium:"; ldd $QKV_CHROMIUM | grep "not found"
# A bare launch: its GPU process says on stderr why a backend could not start.
timeout 20 $QKV_CHROMIUM --no-sandbox --enable-unsafe-webgpu --enable-features=Vulkan --use-angle=vulkan --disable-vulkan-surface \
  --ignore-gpu-blocklist --enable-logging=stderr --virtual-time-budget=3000 --dump-dom about:blank > /dev/null 2> $OUT/chromium-stderr.log
echo "a bare launch's stderr, last lines:"; tail -15 $OUT/chromium-stderr.log | cut -c1-300

# Flag sets, tried in order until WebGPU and WebGL both report a hardware adapter.
best=""; best_score=-1
for extra in "" "--use-angle=gl-egl" "--use-gl=angle --use-angle=vulkan --enable-features=Vulkan,VulkanFromANGLE,DefaultANGLEVulkan"; do
  step "facts with QKV_GPU_ARGS='$extra'"
  QKV_GPU_ARGS="$extra" timeout 120 node bench/run.mjs --only facts --gpu --static-server --out $OUT/facts.json 2>&1 | grep -E "adapters|Error|error" | cut -c1-600
  # How many of WebGPU and WebGL run on a hardware adapter (not SwiftShader, not llvmpipe).
  score=$(node -e 'const { adapters } = require(process.argv[1]).machine;
    console.log(["webgpu", "webgl"].filter((b) => !/swiftshader|llvmpipe|unavailable/i.test(adapters[b] ?? "unavailable")).length)' $OUT/facts.json 2>/dev/null || echo 0)
  echo "GPU adapters found: $score"
  if [ "$score" -gt "$best_score" ]; then best="$extra"; best_score=$score; fi
  [ "$score" -ge 2 ] && break
done

step "bench with QKV_GPU_ARGS='$best' ($BENCH_ARGS)"
set -o pipefail
QKV_GPU_ARGS="$best" timeout $BENCH_TIMEOUT node bench/run.mjs $BENCH_ARGS --out $OUT/results-gpu.json 2>&1 | tee $OUT/bench.log | grep -v "^  forward"
echo "bench exit: $?"
nvidia-smi --query-gpu=name,clocks.sm,temperature.gpu --format=csv 2>&1
step done
