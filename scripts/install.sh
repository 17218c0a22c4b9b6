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
# Native (ahead-of-time compiled) where the runtime identifier is known: no JIT, so each capture and each
# discovery call starts in milliseconds and decrypts at full speed from the first packet. Needs a C linker
# (gcc or clang); without one, ReadyToRun (precompiled, still JIT-backed). The managed build goes into
# managed/ as well: a native build hands 'explain --plugins' to it (it cannot load .NET plugins itself).
rid=$(dotnet --info 2>/dev/null | awk '/ RID:/ {print $2; exit}')
if [ -n "$rid" ]; then
  if ! dotnet publish src/TlsExtcap -c Release -r "$rid" -p:PublishAot=true -o "$prefix" --nologo -v q; then
    echo "install.sh: the native build failed (is gcc or clang installed?); installing the ReadyToRun build" >&2
    dotnet publish src/TlsExtcap -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true -o "$prefix" --nologo -v q
  fi
  dotnet publish src/TlsExtcap -c Release -r "$rid" --self-contained false -o "$prefix/managed" --nologo -v q
else
  dotnet publish src/TlsExtcap -c Release -o "$prefix" --nologo -v q
fi
"$prefix/tlsextcap" install "$@"
