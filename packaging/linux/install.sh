#!/bin/sh
# Install a built bundle (dist/dukan) system-wide on Linux: run as root from the repo.
#   python packaging/build.py && sudo sh packaging/linux/install.sh
# Upgrading is the same command: the bundle is replaced, the shop's data
# (~/.local/share/DukanPOS for each user) is never touched.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
[ -x "$root/dist/dukan/dukan" ] || { echo "build first: python packaging/build.py" >&2; exit 1; }
rm -rf /opt/dukan-pos.new
cp -a "$root/dist/dukan" /opt/dukan-pos.new
rm -rf /opt/dukan-pos
mv /opt/dukan-pos.new /opt/dukan-pos
ln -sf /opt/dukan-pos/dukan-cli /usr/local/bin/dukan
install -Dm644 "$root/resources/icons/dukan.png" /usr/share/icons/hicolor/256x256/apps/dukan-pos.png
install -Dm644 "$root/resources/icons/dukan.svg" /usr/share/icons/hicolor/scalable/apps/dukan-pos.svg
install -Dm644 "$here/dukan-pos.desktop" /usr/share/applications/dukan-pos.desktop
command -v update-desktop-database >/dev/null && update-desktop-database -q /usr/share/applications || true
/opt/dukan-pos/dukan-cli --version
