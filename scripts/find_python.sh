#!/usr/bin/env bash
# Print the path of a Python 3.10 interpreter: python3.10 on PATH, else one that pyenv knows.
set -euo pipefail
if command -v python3.10 >/dev/null 2>&1; then
  command -v python3.10
  exit 0
fi
for root in "${PYENV_ROOT:-}" "$HOME/.pyenv" /root/.pyenv /opt/pyenv; do
  [ -n "$root" ] || continue
  for candidate in "$root"/versions/3.10*/bin/python3.10; do
    if [ -x "$candidate" ]; then
      echo "$candidate"
      exit 0
    fi
  done
done
if command -v pyenv >/dev/null 2>&1; then
  prefix=$(pyenv prefix 3.10 2>/dev/null || true)
  if [ -n "$prefix" ] && [ -x "$prefix/bin/python3.10" ]; then
    echo "$prefix/bin/python3.10"
    exit 0
  fi
fi
echo "ERROR: Python 3.10 not found. Rasa 3.6 needs Python 3.8-3.10." >&2
echo "       Install it (e.g. 'pyenv install 3.10.13') or put python3.10 on PATH, then retry." >&2
exit 1
