# Windows installer for TlsExtcap (untested here: the project's machines run Linux).
# Publishes tlsextcap and writes a .bat launcher into Wireshark's personal extcap folder
# (%APPDATA%\Wireshark\extcap), which Wireshark runs as an extcap.
param([string]$Dir = "$env:APPDATA\Wireshark\extcap", [switch]$Uninstall)
$ErrorActionPreference = "Stop"
$prefix = "$env:LOCALAPPDATA\TlsExtcap"
$launcher = Join-Path $Dir "tlsextcap.bat"
if ($Uninstall) { Remove-Item -ErrorAction SilentlyContinue $launcher; exit 0 }
dotnet publish "$PSScriptRoot\..\src\TlsExtcap" -c Release -o $prefix --nologo -v q
New-Item -ItemType Directory -Force -Path $Dir | Out-Null
Set-Content -Path $launcher -Value "@echo off`r`n`"$prefix\tlsextcap.exe`" %*" -Encoding ASCII
Write-Output "installed $launcher"
