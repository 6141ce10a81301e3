#!/usr/bin/env bash
# Installs code-server (VS Code 1.96.4 server + web workbench) from the npm
# registry without any other network access, plus Debian's Chromium for
# Playwright. Idempotent: a second run with the same version does nothing.
#
# Usage: setup-code-server.sh [DEST]
#   default DEST: $LEAN_DOCKERFILE_CACHE/code-server-$VERSION, where the cache is
#   ${XDG_CACHE_HOME:-~/.cache}/lean-dockerfile (outside the repo, shared by clones)
# Env:   CODE_SERVER_VERSION (default 4.96.4)
set -euo pipefail

VERSION="${CODE_SERVER_VERSION:-4.96.4}"
CACHE="${LEAN_DOCKERFILE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lean-dockerfile}"
DEST="${1:-$CACHE/code-server-$VERSION}"
mkdir -p "$DEST"
DEST="$(cd "$DEST" && pwd)"
CS="$DEST/node_modules/code-server"
VS="$CS/lib/vscode"
MARKER="$DEST/.installed-$VERSION"
step() { STEP_T0=$(date +%s); echo "== $*"; }
done_step() { echo "   ($(( $(date +%s) - STEP_T0 )) s)"; }

if [ -f "$MARKER" ] && [ -x "$DEST/node_modules/.bin/code-server" ]; then
  echo "code-server $VERSION already installed in $DEST"
  exit 0
fi

# 1. Debian packages: compilers for the native modules (build-essential, python3
#    for node-gyp), Kerberos headers for the 'kerberos' module, ripgrep (replaces
#    the binary @vscode/ripgrep would download), Chromium for Playwright and a
#    font for legible screenshots (Chromium only recommends one).
step "Debian packages"
APT_PKGS=(build-essential python3 libkrb5-dev ripgrep chromium fonts-dejavu-core)
missing=()
for p in "${APT_PKGS[@]}"; do
  # 'dpkg -s' also succeeds for removed packages that left config files behind.
  [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
done_step

# node-gyp must build against the headers installed with Node: it cannot
# download them offline.
NODE_PREFIX="$(node -p 'require("path").resolve(process.execPath, "../..")')"
if [ -z "${npm_config_nodedir:-}" ]; then
  [ -f "$NODE_PREFIX/include/node/node.h" ] || { echo "Node headers missing in $NODE_PREFIX/include/node"; exit 1; }
  export npm_config_nodedir="$NODE_PREFIX"
fi

# 2. The package itself, without its postinstall (which would run a plain
#    'npm install' in lib/vscode and fail on a git dependency).
step "npm install code-server@$VERSION"
cd "$DEST"
[ -f package.json ] || echo '{"name":"code-server-host","private":true}' > package.json
npm install --no-save --ignore-scripts --no-audit --no-fund "code-server@$VERSION" >/dev/null
done_step

# 3. VS Code's own dependencies. Its shrinkwrap pins @vscode/proxy-agent to a
#    GitHub git URL; the registry tarball of that version has the same integrity.
step "lib/vscode dependencies"
cd "$VS"
node - <<'EOF'
const fs = require('fs');
const f = 'npm-shrinkwrap.json';
const j = JSON.parse(fs.readFileSync(f, 'utf8'));
for (const [key, pkg] of Object.entries(j.packages || {})) {
  if (pkg.resolved && pkg.resolved.startsWith('git+')) {
    const name = key.replace(/^.*node_modules\//, '');
    // the configured registry's tarball URL for that exact version
    pkg.resolved = require('child_process').execFileSync('npm', ['view', `${name}@${pkg.version}`, 'dist.tarball'], { encoding: 'utf8' }).trim();
    console.log(`   ${name}@${pkg.version}: git URL -> ${pkg.resolved}`);
  }
}
fs.writeFileSync(f, JSON.stringify(j, null, 2) + '\n');
EOF
npm install --omit=dev --ignore-scripts --no-audit --no-fund >/dev/null
# @vscode/ripgrep's postinstall downloads rg from GitHub; it skips when bin/ exists.
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
# Build the native modules (node-pty, spdlog, kerberos, native-watchdog, ...).
npm rebuild >/dev/null
for f in node-pty/build/Release/pty.node @vscode/spdlog/build/Release/spdlog.node \
         kerberos/build/Release/kerberos.node native-watchdog/build/Release/watchdog.node; do
  [ -f "node_modules/$f" ] || { echo "native module not built: $f (did npm skip install scripts?)"; exit 1; }
done
done_step

# 4. What code-server's postinstall.sh would have done.
step "links and built-in extensions"
ln -sfn node_modules node_modules.asar
ln -sfn code-linux.sh bin/remote-cli/code-server
ln -sfn browser-linux.sh bin/helpers/browser.sh
cd extensions
npm install --omit=dev --ignore-scripts --no-audit --no-fund >/dev/null
node postinstall.mjs >/dev/null  # trims the bundled typescript like upstream
done_step

# 5. argon2 (password hashing) is loaded at startup even with --auth none.
step "argon2"
cd "$DEST"
npm rebuild argon2 >/dev/null
[ -f node_modules/argon2/lib/binding/napi-v3/argon2.node ] || { echo "argon2 not built"; exit 1; }
done_step

# Smoke check: the server answers.
step "smoke check"
state="$(mktemp -d)"
echo 'auth: none' > "$state/config.yaml"
"$DEST/node_modules/.bin/code-server" --config "$state/config.yaml" --auth none \
  --bind-addr 127.0.0.1:0 --disable-telemetry --disable-update-check \
  --user-data-dir "$state/ud" --extensions-dir "$state/ext" >"$state/log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do grep -q "HTTP server listening" "$state/log" && break; sleep 0.1; done
url="$(sed -n 's/.*HTTP server listening on \(http[^ ]*\).*/\1/p' "$state/log")"
code="$(node -e 'fetch(process.argv[1]).then(r=>console.log(r.status),()=>console.log(0))' "${url}healthz")"
kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
if [ "$code" != "200" ]; then cat "$state/log"; rm -rf "$state"; echo "code-server smoke check failed"; exit 1; fi
rm -rf "$state"
done_step

touch "$MARKER"
echo "code-server $VERSION ready: $DEST/node_modules/.bin/code-server ($(du -sh "$DEST" | cut -f1))"
