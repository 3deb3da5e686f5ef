#!/usr/bin/env bash
# Makes sure `python3 -c 'import moto.server'` works for the sandbox: the system python3 first,
# then a project-local virtual environment in .venv (which needs the Python package index).
set -euo pipefail
cd "$(dirname "$0")/.."

if python3 -c 'import moto, moto.server, flask' 2>/dev/null; then
  echo "moto $(python3 -c 'import moto; print(moto.__version__)') is available to python3"
  exit 0
fi
if [ -x .venv/bin/python3 ] && .venv/bin/python3 -c 'import moto.server' 2>/dev/null; then
  echo "moto is available in .venv"
  exit 0
fi
echo "moto is not importable by python3; trying a local virtual environment in .venv"
if python3 -m venv .venv && .venv/bin/pip install --quiet 'moto[server]>=5.2,<6'; then
  echo "installed moto into .venv"
  exit 0
fi
echo "error: the sandbox needs moto: install it with 'pip install \"moto[server]>=5.2,<6\"' for python3" >&2
exit 1
