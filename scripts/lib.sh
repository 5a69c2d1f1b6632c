# Shared by scripts/run and scripts/test (sourced, not run): the virtualenv and the Debian
# packages a fresh machine lacks.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PYTHON="${PYTHON:-python3.11}"

# The Debian packages the project needs, in one place. The application: Pango for WeasyPrint
# and Noto fonts for the PDFs (Latin, Cyrillic, Arabic, Chinese); LibreOffice Writer (headless,
# no GUI) to convert uploaded Word files to PDF, with the fonts metric-compatible with Word's
# (Carlito for Calibri, Caladea for Cambria, Liberation for Times New Roman, Arial, Courier New)
# so that converted documents keep their line and page breaks. The tests, also: Chromium for
# the browser tests.
DEBIAN_PACKAGES_APP=(
  fonts-noto-core fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0
  libreoffice-writer-nogui fonts-crosextra-carlito fonts-crosextra-caladea fonts-liberation2
)
DEBIAN_PACKAGES_TEST=(chromium "${DEBIAN_PACKAGES_APP[@]}")

say() { printf '==> %s\n' "$*" >&2; }
die() {
  printf '\nERROR: %s\n\n' "$*" >&2
  exit 1
}

# Create .venv if it is missing or broken, and install requirements.txt unless the hash stamped
# in .venv says this exact file is already installed. Puts .venv/bin first on PATH.
ensure_venv() {
  if ! "$VENV/bin/python" -c "" 2>/dev/null; then
    command -v "$PYTHON" >/dev/null \
      || die "$PYTHON not found. Install Python 3.11 (Debian: apt-get install python3.11-venv)."
    say "creating $VENV with $PYTHON"
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
  fi
  local stamp="$VENV/.requirements.sha256" wanted
  wanted="$(sha256sum "$ROOT/requirements.txt" | cut -d' ' -f1)"
  if [[ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]]; then
    say "installing requirements.txt into $VENV"
    "$VENV/bin/python" -m pip install --disable-pip-version-check --quiet -r "$ROOT/requirements.txt"
    echo "$wanted" >"$stamp"
  fi
  export VIRTUAL_ENV="$VENV"
  export PATH="$VENV/bin:$PATH"
}

# Install whichever of the given Debian packages are missing: as root, otherwise through sudo.
ensure_debian_packages() {
  command -v dpkg >/dev/null || die "dpkg not found: these scripts install system packages on Debian."
  local missing=() package
  for package in "$@"; do
    # Captured rather than piped to grep -q, which under pipefail can fail on SIGPIPE.
    [[ "$(dpkg -s "$package" 2>/dev/null)" == *"Status: install ok installed"* ]] \
      || missing+=("$package")
  done
  ((${#missing[@]})) || return 0
  local as_root=()
  if ((EUID != 0)); then
    command -v sudo >/dev/null \
      || die "Debian packages missing: ${missing[*]}. Install them as root, or install sudo."
    as_root=(sudo)
  fi
  say "installing Debian packages: ${missing[*]}"
  # Another install running (unattended upgrades, a second checkout's script) holds dpkg's lock:
  # wait for it rather than fail.
  local wait_for_lock=(-o DPkg::Lock::Timeout=900)
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${wait_for_lock[@]}" update -q
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get "${wait_for_lock[@]}" install -y -q --no-install-recommends "${missing[@]}"
}
