#!/bin/sh
# Runs a command with a Secret Service (gnome-keyring) available, so the keychain tests talk to a
# real OS keychain. On a desktop session (or macOS/Windows) the command runs as is.
# In CI and on headless Linux it starts a private D-Bus session with an unlocked keyring.
set -e
if [ "$(uname -s)" = "Linux" ] && [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ] && command -v dbus-run-session >/dev/null 2>&1 \
  && command -v gnome-keyring-daemon >/dev/null 2>&1; then
  exec dbus-run-session -- sh -c 'echo -n "test-keyring-password" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec "$@"' sh "$@"
fi
exec "$@"
