#!/bin/bash
# Turn a fresh Debian 12 (or Raspberry Pi OS bookworm, 64-bit) machine into a Borne kiosk,
# or update one: run it again after getting a new version. As root, from the project folder:
#
#     sudo deploy/install.sh                 install (asks for the counsellor's PIN once)
#     sudo deploy/install.sh --pin 2468      the same, with no question
#     deploy/install.sh --dry-run            print every action, change nothing
#     deploy/install.sh --root /tmp/essai    write the files under /tmp/essai only
#                                            (no packages, no user, no systemd: for tests)
#
# What it does: Debian packages; the user "borne" (no password, no shell); the kiosk in
# /opt/borne with its own Python venv; settings, flows and lexicons in /etc/borne (kept
# on update); data in /var/lib/borne; the "kiosk" command for counsellors; the systemd
# service borne.service, enabled at boot. Messages are in French: counsellors run it.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SOURCE=$(cd "$HERE/.." && pwd)
ROOT=""
DRY_RUN=0
PIN=""
START=1
KIOSK_USER=borne

APT_PACKAGES=(
    python3 python3-venv python3-pip       # the kiosk's own Python and its venv
    libegl1 libegl-mesa0 libgl1 libgl1-mesa-dri libgles2 libmtdev1   # OpenGL for Kivy
    xserver-xorg-core xserver-xorg-legacy  # a bare X server (modesetting driver), no desktop
    xserver-xorg-input-libinput xinput     # touch screens, and turning touch with the screen
    x11-xserver-utils                      # xset (blanking off), xrandr (size, rotation)
    espeak-ng alsa-utils                   # the voice, and the sound card tools
    rsync
)
RSYNC_EXCLUDES=(.git .venv data demo apercu __pycache__ '*.egg-info' .pytest_cache
                .ruff_cache .hypothesis assets/local)

usage() {
    sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
}

while [ $# -gt 0 ]; do
    case "$1" in
        --dry-run) DRY_RUN=1 ;;
        --root) ROOT=${2:?--root demande un dossier}; shift ;;
        --root=*) ROOT=${1#--root=} ;;
        --pin) PIN=${2:?--pin demande un code}; shift ;;
        --pin=*) PIN=${1#--pin=} ;;
        --no-start) START=0 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "Option inconnue : $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
ROOT=${ROOT%/}
if [ -n "$ROOT" ]; then
    mkdir -p "$ROOT"
    ROOT=$(cd "$ROOT" && pwd)
fi

OPT=$ROOT/opt/borne
ETC=$ROOT/etc/borne
DATA=$ROOT/var/lib/borne
UNIT=$ROOT/etc/systemd/system/borne.service
COMMAND=$ROOT/usr/local/bin/kiosk
XWRAPPER=$ROOT/etc/X11/Xwrapper.config
SYSTEM=1  # packages, user, ownership and systemd: only on the real machine
if [ -n "$ROOT" ]; then SYSTEM=0; fi

step() { printf '\n== %s\n' "$*"; }
note() { printf '   %s\n' "$*"; }

# Run a command, or only print it with --dry-run.
act() {
    if [ "$DRY_RUN" = 1 ]; then
        printf '   + %s\n' "$*"
    else
        "$@"
    fi
}

# A command that changes the machine itself: skipped with --root.
system() {
    if [ "$SYSTEM" = 0 ]; then
        printf '   (ignoré avec --root) %s\n' "$*"
    else
        act "$@"
    fi
}

# Write stdin to a file with a mode, or print what would be written.
put() {
    local target=$1 mode=$2
    if [ "$DRY_RUN" = 1 ]; then
        printf '   + écrire %s (%s)\n' "$target" "$mode"
        cat >/dev/null
        return
    fi
    mkdir -p "$(dirname "$target")"
    cat >"$target.tmp"
    chmod "$mode" "$target.tmp"
    mv -f "$target.tmp" "$target"
}

check_machine() {
    step "Vérification de la machine"
    if [ "$SYSTEM" = 1 ] && [ "$DRY_RUN" = 0 ] && [ "$(id -u)" != 0 ]; then
        echo "Lancez l'installation en administrateur : sudo $0" >&2
        exit 1
    fi
    local codename=""
    if [ -r /etc/os-release ]; then
        # shellcheck disable=SC1091  # a system file
        codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
    fi
    if [ "$codename" = bookworm ]; then
        note "Debian 12 (bookworm) : bien."
    else
        note "Attention : ce système n'est pas Debian 12 (bookworm) ; l'installation continue."
    fi
    case "$(uname -m)" in
        armv6l|armv7l)
            note "Attention : système 32 bits. Kivy n'a pas de paquet tout prêt pour lui :"
            note "installez Raspberry Pi OS 64 bits." ;;
    esac
}

install_packages() {
    step "Paquets Debian"
    system env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    system env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${APT_PACKAGES[@]}"
}

make_user() {
    step "Utilisateur « $KIOSK_USER » (sans mot de passe ni terminal)"
    if [ "$SYSTEM" = 1 ] && id "$KIOSK_USER" >/dev/null 2>&1; then
        note "existe déjà."
    else
        system useradd --system --user-group --home-dir /var/lib/borne --no-create-home \
            --shell /usr/sbin/nologin "$KIOSK_USER"
    fi
    # The screen, the touch screen and the sound card, directly (also without logind).
    local group
    for group in video render input audio; do
        if [ "$SYSTEM" = 0 ] || getent group "$group" >/dev/null; then
            system usermod -a -G "$group" "$KIOSK_USER"
        fi
    done
}

copy_kiosk() {
    step "La borne dans /opt/borne"
    local excludes=() pattern
    for pattern in "${RSYNC_EXCLUDES[@]}"; do excludes+=(--exclude "$pattern"); done
    act mkdir -p "$OPT"
    if command -v rsync >/dev/null; then
        act rsync -a --delete "${excludes[@]}" "$SOURCE/" "$OPT/"
    elif [ "$DRY_RUN" = 1 ]; then
        printf '   + tar -C %s %s -cf - . | tar -C %s -xf -\n' "$SOURCE" "${excludes[*]}" "$OPT"
    else  # no rsync yet (a --root run on a bare machine): tar keeps the same exclusions
        tar -C "$SOURCE" "${excludes[@]}" -cf - . | tar -C "$OPT" -xf -
    fi
    act chmod 755 "$OPT/deploy/borne-start"
    step "Python de la borne (/opt/borne/.venv)"
    if [ "$SYSTEM" = 0 ]; then
        note "(ignoré avec --root) python3 -m venv $OPT/.venv ; pip install -e $OPT"
        return
    fi
    if [ ! -x "$OPT/.venv/bin/python" ]; then
        act python3 -m venv "$OPT/.venv"
    fi
    act "$OPT/.venv/bin/python" -m pip install -q --upgrade pip
    act "$OPT/.venv/bin/python" -m pip install -q -e "$OPT"
    # /opt/borne is not writable by the kiosk: compile once here, so it starts faster.
    act "$OPT/.venv/bin/python" -m compileall -q "$OPT/kiosk"
}

write_settings() {
    step "Réglages dans /etc/borne (gardés lors d'une mise à jour)"
    if [ -e "$ETC/kiosk.toml" ]; then
        note "kiosk.toml existe déjà : gardé."
    else
        put "$ETC/kiosk.toml" 644 <<'TOML'
# Réglages de cette borne. Chaque réglage est expliqué dans /opt/borne/docs/reglages.md.
# Les chemins sont relatifs à ce dossier (/etc/borne). Après un changement :
#     sudo kiosk doctor        puis        sudo systemctl restart borne

flows_dir = "parcours"
assets_dir = "../../opt/borne/assets"
data_dir = "../../var/lib/borne"
lexicon_dir = "lexicon"
language = "fr"
site_help_message = "Un conseiller ou une conseillère va venir vous aider. Restez devant l'écran."
TOML
    fi
    if [ -d "$ETC/parcours" ]; then
        note "le dossier des parcours existe déjà : gardé (les nouveaux parcours livrés"
        note "sont dans /opt/borne/config/flows)."
    else
        act mkdir -p "$ETC/parcours"
        act cp -p "$SOURCE"/config/flows/*.yaml "$ETC/parcours/"
    fi
    if [ -d "$ETC/lexicon" ]; then
        note "le dossier des lexiques existe déjà : gardé."
    else
        act cp -rp "$SOURCE/config/lexicon" "$ETC/lexicon"
    fi
    if [ ! -e "$ETC/borne.env" ]; then
        put "$ETC/borne.env" 644 <<'ENV'
# Réglages de l'écran pour le service borne (voir /opt/borne/deploy/README.md).
# Tourner l'écran et le toucher : normal, left, right ou inverted.
BORNE_ROTATION=normal
ENV
    fi
    act mkdir -p "$OPT/assets/local"
}

make_data() {
    step "Données dans /var/lib/borne"
    act mkdir -p "$DATA/kivy"
    system chown -R "$KIOSK_USER:$KIOSK_USER" "$DATA"
    act chmod 750 "$DATA"
}

install_command() {
    step "La commande « kiosk » pour les conseillers"
    put "$COMMAND" 755 <"$HERE/kiosk-command"
}

allow_x() {
    step "Serveur d'affichage sans bureau"
    if [ -e "$XWRAPPER" ] && grep -q "Borne" "$XWRAPPER"; then
        note "Xwrapper.config déjà réglé."
    else
        put "$XWRAPPER" 644 <<'XW'
# Borne: the X server is started by borne.service from its own terminal (tty7), as the
# user "borne", who has the screen and input devices (groups video, render, input).
allowed_users=console
needs_root_rights=no
XW
    fi
}

install_service() {
    step "Service systemd « borne » (démarre à l'allumage, redémarre après une panne)"
    put "$UNIT" 644 <"$HERE/borne.service"
    system systemctl daemon-reload
    system systemctl enable borne.service
    if [ "$SYSTEM" = 1 ] && systemctl is-enabled display-manager.service >/dev/null 2>&1; then
        note "Un bureau graphique démarrait sur cette machine : il est coupé (la borne"
        note "prend l'écran). Pour le remettre : sudo systemctl enable display-manager"
        act systemctl disable display-manager.service
    fi
    system systemctl set-default multi-user.target
}

choose_pin() {
    step "Code de l'espace conseiller"
    if [ "$SYSTEM" = 0 ]; then
        if [ -n "$PIN" ]; then
            act "$SOURCE/.venv/bin/kiosk" set-pin --config "$ETC/kiosk.toml" --pin "$PIN"
        else
            note "(ignoré avec --root) kiosk set-pin"
        fi
        return
    fi
    if [ -e "$DATA/pin.json" ] && [ -z "$PIN" ]; then
        note "un code est déjà choisi : gardé (pour le changer : sudo kiosk set-pin)."
    elif [ -n "$PIN" ]; then
        act "$COMMAND" set-pin --pin "$PIN"
    elif [ -t 0 ] && [ "$DRY_RUN" = 0 ]; then
        "$COMMAND" set-pin
    else
        note "Aucun code choisi : la borne ne démarrera pas avant « sudo kiosk set-pin »."
        START=0
    fi
}

start_kiosk() {
    step "Démarrage"
    if [ "$START" = 1 ] && [ "$SYSTEM" = 1 ]; then
        act systemctl restart borne.service
        note "La borne démarre sur l'écran. Vérifiez-la avec : sudo kiosk doctor"
    else
        note "La borne démarrera au prochain allumage (ou : sudo systemctl start borne)."
    fi
}

check_machine
install_packages
make_user
copy_kiosk
write_settings
make_data
install_command
allow_x
install_service
choose_pin
start_kiosk
if [ "$DRY_RUN" = 1 ]; then
    printf '\nSimulation terminée : rien n'"'"'a été changé.\n'
else
    printf '\nInstallation terminée.\n'
fi
