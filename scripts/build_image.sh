#!/usr/bin/env bash
# Build the container image (Dockerfile) where no image registry is reachable: a Debian base image
# made here by debootstrap from Debian's packages, then the app image on it, with podman (as root).
# Needs: apt-get install podman runc debootstrap. Options: --run also starts the image on the host's
# network (loopback port 8501, as the health check expects) and waits
# for its health check (stop it with `podman rm -f karabakh-map`).
# Storage on vfs and the runc runtime because they work in a VM without overlayfs or cgroup v2; the
# ulimits stay at or below this shell's own, since raising them needs a capability a VM may lack.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
base_image=localhost/debian-base:$suite
app_image=localhost/karabakh-map:local
podman=(podman --storage-driver vfs --runtime runc)
limits=(--ulimit "nofile=$(ulimit -n):$(ulimit -n)" --ulimit "nproc=4096:4096")

if ! "${podman[@]}" image exists "$base_image"; then
    rootfs=$(mktemp -d)
    chmod 755 "$rootfs" # it becomes the image's /, which the app user must read
    trap 'rm -rf "$rootfs"' EXIT
    # Python 3.11 with its venv module and the CA store: what the Dockerfile's steps need.
    debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates "$suite" "$rootfs"
    # Trust the same local certificate authorities as this machine (a proxy's, a company's), so pip
    # inside the build reaches the package index as pip here does.
    if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
        cp /usr/local/share/ca-certificates/*.crt "$rootfs/usr/local/share/ca-certificates/"
        chroot "$rootfs" update-ca-certificates
    fi
    printf '[global]\ncert = /etc/ssl/certs/ca-certificates.crt\n' >"$rootfs/etc/pip.conf"
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    tar -C "$rootfs" -c . | "${podman[@]}" import --change 'CMD ["bash"]' - "$base_image"
fi

# --format docker keeps the Dockerfile's HEALTHCHECK (the OCI format has no field for it).
"${podman[@]}" build --format docker --network host "${limits[@]}" \
    --build-arg BASE_IMAGE="$base_image" -t "$app_image" .

if [[ ${1:-} == --run ]]; then
    "${podman[@]}" rm -f karabakh-map >/dev/null
    # The same command as the Dockerfile's CMD, on loopback only.
    "${podman[@]}" run -d --name karabakh-map --network host "${limits[@]}" "$app_image" \
        bash scripts/start.sh --server.port=8501 --server.address=127.0.0.1 --server.headless=true
    # podman's timed health checks need systemd, which a VM may lack: ask the image's own check here.
    for _ in $(seq 120); do
        if "${podman[@]}" healthcheck run karabakh-map >/dev/null 2>&1; then
            echo "healthy: http://127.0.0.1:8501/"
            exit 0
        fi
        sleep 1
    done
    "${podman[@]}" logs karabakh-map
    echo "not healthy after 120 s" >&2
    exit 1
fi
