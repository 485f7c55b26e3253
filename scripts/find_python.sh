#!/usr/bin/env bash
# Print the path of a working Python 3.10 interpreter: python3.10 on PATH, else one pyenv has.
# (A pyenv shim on PATH may exist without working, so every candidate is tried for real.)
set -uo pipefail

works() {
  "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' >/dev/null 2>&1
}

candidates=()
command -v python3.10 >/dev/null 2>&1 && candidates+=("$(command -v python3.10)")
for root in "${PYENV_ROOT:-}" "$HOME/.pyenv" /root/.pyenv /opt/pyenv; do
  [ -n "$root" ] || continue
  for candidate in "$root"/versions/3.10*/bin/python3.10; do
    [ -x "$candidate" ] && candidates+=("$candidate")
  done
done
if command -v pyenv >/dev/null 2>&1; then
  prefix=$(pyenv prefix 3.10 2>/dev/null || true)
  [ -n "$prefix" ] && candidates+=("$prefix/bin/python3.10")
fi

for candidate in "${candidates[@]}"; do
  if works "$candidate"; then
    echo "$candidate"
    exit 0
  fi
done
echo "ERROR: Python 3.10 not found. Rasa 3.6 needs Python 3.8-3.10." >&2
echo "       Install it (e.g. 'pyenv install 3.10.13') or put python3.10 on PATH, then retry." >&2
exit 1
