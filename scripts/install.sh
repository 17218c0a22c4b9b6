#!/usr/bin/env bash
# Builds tlsextcap (Release) into ~/.local/share/tlsextcap and installs its extcap launcher into the
# personal extcap folder of the installed Wireshark (decided from `tshark -G folders` and its version),
# plus the annotation companion: tlsextcap.lua (Personal Lua Plugins) and the TlsExtcap profile.
# Usage: scripts/install.sh [--uninstall] [--dir <extcap-folder>]
set -euo pipefail
cd "$(dirname "$0")/.."
prefix="${TLSEXTCAP_PREFIX:-$HOME/.local/share/tlsextcap}"
if [ "${1:-}" = "--uninstall" ]; then
  shift
  "$prefix/tlsextcap" uninstall "$@"
  exit 0
fi
# ReadyToRun (precompiled) where the runtime identifier is known: each capture and discovery call starts faster.
rid=$(dotnet --info 2>/dev/null | awk '/ RID:/ {print $2; exit}')
if [ -n "$rid" ]; then
  dotnet publish src/TlsExtcap -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true -o "$prefix" --nologo -v q
else
  dotnet publish src/TlsExtcap -c Release -o "$prefix" --nologo -v q
fi
"$prefix/tlsextcap" install "$@"
