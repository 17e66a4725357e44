@echo off
rem Double-click or run from a prompt: builds the bundle and the installer (see build_windows.ps1).
powershell -NoProfile -ExecutionPolicy Bypass -File "%~dp0build_windows.ps1" %*
