#!/bin/sh
# Install the built bundle for the current user: dist/SipDesk → ~/.local/opt/SipDesk, a
# SipDesk link in ~/.local/bin, the menu entry and the icon. No root needed, nothing else touched.
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
dist="$here/dist/SipDesk"
[ -x "$dist/SipDesk" ] || { echo "Build first: .venv/bin/python packaging/build.py" >&2; exit 1; }
prefix="${XDG_DATA_HOME:-$HOME/.local/share}"
opt="$HOME/.local/opt/SipDesk"
rm -rf "$opt"
mkdir -p "$opt" "$HOME/.local/bin" "$prefix/applications" "$prefix/icons/hicolor/scalable/apps"
cp -a "$dist/." "$opt/"
ln -sf "$opt/SipDesk" "$HOME/.local/bin/SipDesk"
cp "$here/resources/icons/sipdesk.svg" "$prefix/icons/hicolor/scalable/apps/sipdesk.svg"
for size in 16 32 48 64 128; do
    mkdir -p "$prefix/icons/hicolor/${size}x${size}/apps"
    cp "$here/resources/icons/sipdesk-$size.png" "$prefix/icons/hicolor/${size}x${size}/apps/sipdesk.png"
done
sed "s|^Exec=SipDesk|Exec=$opt/SipDesk|; s|^TryExec=SipDesk|TryExec=$opt/SipDesk|" \
    "$here/packaging/linux/sipdesk.desktop" > "$prefix/applications/sipdesk.desktop"
echo "SipDesk installed in $opt"
