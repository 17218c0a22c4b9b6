# Windows installer for TlsExtcap (untested here: the project's machines run Linux).
# Publishes tlsextcap, writes a .bat launcher into Wireshark's personal extcap folder
# (%APPDATA%\Wireshark\extcap), which Wireshark runs as an extcap, and installs the annotation
# companion: tlsextcap.lua into the personal Lua plugins folder (%APPDATA%\Wireshark\plugins) and the
# TlsExtcap profile into %APPDATA%\Wireshark\profiles (see wireshark/README.md).
param([string]$Dir = "$env:APPDATA\Wireshark\extcap", [switch]$Uninstall)
$ErrorActionPreference = "Stop"
$prefix = "$env:LOCALAPPDATA\TlsExtcap"
$launcher = Join-Path $Dir "tlsextcap.bat"
$plugins = "$env:APPDATA\Wireshark\plugins"
$profileDir = "$env:APPDATA\Wireshark\profiles\TlsExtcap"
if ($Uninstall) {
  Remove-Item -ErrorAction SilentlyContinue $launcher
  Remove-Item -ErrorAction SilentlyContinue (Join-Path $plugins "tlsextcap.lua")
  Remove-Item -ErrorAction SilentlyContinue -Recurse $profileDir
  exit 0
}
dotnet publish "$PSScriptRoot\..\src\TlsExtcap" -c Release -o $prefix --nologo -v q
New-Item -ItemType Directory -Force -Path $Dir | Out-Null
Set-Content -Path $launcher -Value "@echo off`r`n`"$prefix\tlsextcap.exe`" %*" -Encoding ASCII
Write-Output "installed $launcher"
New-Item -ItemType Directory -Force -Path $plugins, $profileDir | Out-Null
Copy-Item -Force "$prefix\wireshark\tlsextcap.lua" $plugins
Copy-Item -Force "$prefix\wireshark\profiles\TlsExtcap\*" $profileDir
# A profile's colorfilters replaces Wireshark's: append the installed defaults after ours.
$defaults = "$env:ProgramFiles\Wireshark\colorfilters"
if (Test-Path $defaults) {
  Get-Content $defaults | Where-Object { $_.StartsWith("@") } | Add-Content -Encoding UTF8 (Join-Path $profileDir "colorfilters")
}
Write-Output "installed $plugins\tlsextcap.lua"
Write-Output "installed $profileDir"
