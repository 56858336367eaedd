#!/usr/bin/env bash
# The 3D client is built with Vite 8, which needs Node.js 20 or newer: say so in one line.
set -euo pipefail
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "✗ Node.js ≥ 20 et npm sont absents : installez Node.js 20 ou plus récent (https://nodejs.org/ ou le dépôt NodeSource)" >&2
  exit 1
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
  echo "✗ Node.js $(node --version) est trop ancien : installez Node.js 20 ou plus récent (https://nodejs.org/ ou le dépôt NodeSource)" >&2
  exit 1
fi
