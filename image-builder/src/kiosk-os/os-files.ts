import { kioskOsPaths, partitions } from "@tremplin/image-format/kiosk-os-disk";

/** A file Tremplin adds to the Debian root file system (paths are absolute inside the image). */
export type OsFile = { path: string; content: string; mode?: number };
/** A symlink: how units are enabled or masked without running systemctl in the image. */
export type OsLink = { path: string; target: string };

export const agentUser = "tremplin-kiosk";
export const dataDir = kioskOsPaths.dataDir;
const osStateDir = kioskOsPaths.stateDir;
export const appDir = "/opt/tremplin";
export const nodeBin = `${appDir}/node/bin/node`;
export const agentBundle = `${appDir}/kiosk/dist/tremplin-kiosk.mjs`;
export const agentConfigFile = "/etc/tremplin-kiosk/agent.json";
export const osReleaseFile = kioskOsPaths.osRelease;
export const kvmProbeImage = `${appDir}/kvm-probe.qcow2`;

const agentCommand = `${nodeBin} --max-semi-space-size=1 --lite-mode ${agentBundle}`;

const agentUnit = `# The kiosk agent: first-boot screen, login screen, AD check, session VM, attendance outbox.
[Unit]
Description=Tremplin kiosk agent
After=network.target time-sync.target tremplin-machine-facts.service
Wants=tremplin-machine-facts.service
RequiresMountsFor=${dataDir}

[Service]
Type=simple
User=${agentUser}
Group=${agentUser}
SupplementaryGroups=kvm
# As root ("+"): the system slots readable by the agent's group, so an OS update reuses their chunks.
ExecStartPre=+/usr/lib/tremplin/slot-access
ExecStart=${agentCommand} agent --config ${agentConfigFile}
Environment=NODE_ENV=production
Environment=MALLOC_ARENA_MAX=2
KillMode=mixed
TimeoutStopSec=60
Restart=always
RestartSec=2
NoNewPrivileges=yes
ProtectSystem=strict
ProtectHome=yes
PrivateTmp=yes
ReadWritePaths=${dataDir}

[Install]
WantedBy=multi-user.target
`;

/** Chromium's flags: kiosk, nothing that phones home, and TCG-proof IPC timeouts (FACTS.md). */
export const chromiumFlags = [
  "--ozone-platform=wayland",
  "--kiosk",
  "--no-first-run",
  "--no-default-browser-check",
  "--noerrdialogs",
  "--disable-session-crashed-bubble",
  "--disable-translate",
  "--disable-features=TranslateUI",
  "--disable-pinch",
  "--overscroll-history-navigation=0",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--password-store=basic",
  "--check-for-update-interval=31536000",
  "--ipc-connection-timeout=300",
  "--user-data-dir=/run/tremplin-screen/chromium",
];

const screenUnit = `# The screen: cage (a one-application Wayland compositor) showing Chromium on the agent's page.
[Unit]
Description=Tremplin kiosk screen
After=tremplin-kiosk.service seatd.service systemd-user-sessions.service
Wants=seatd.service

[Service]
Type=simple
User=${agentUser}
SupplementaryGroups=video render input
# libseat's logind backend needs polkit, and cage hangs without a seat: seatd instead (FACTS.md).
Environment=LIBSEAT_BACKEND=seatd
# The GLES2 renderer crashes in llvmpipe; pixman draws in software everywhere.
Environment=WLR_RENDERER=pixman
Environment=XDG_RUNTIME_DIR=/run/tremplin-screen
RuntimeDirectory=tremplin-screen
RuntimeDirectoryMode=0700
# The page before Chromium: Node may take 30 s to listen on a slow post.
ExecStartPre=/bin/bash -c 'for i in $(seq 300); do (exec 3<>/dev/tcp/127.0.0.1/8080) 2>/dev/null && exit 0; sleep 1; done; exit 1'
ExecStart=/usr/bin/cage -d -- /usr/bin/chromium ${chromiumFlags.join(" ")} http://127.0.0.1:8080/
Restart=always
RestartSec=2

[Install]
WantedBy=multi-user.target
`;

const slotAccessScript = `#!/bin/bash
# Read access to both system slots for the agent's group (never write: only root's installer writes).
for label in ${partitions.a.label} ${partitions.b.label}; do
  dev=$(readlink -f "/dev/disk/by-partlabel/$label") || continue
  chgrp ${agentUser} "$dev" && chmod 0640 "$dev"
done
exit 0
`;

const machineFactsUnit = `# The DMI serial number is readable by root only: copy it where the agent reads it.
[Unit]
Description=Tremplin machine facts (serial number)
DefaultDependencies=no
After=local-fs.target

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/usr/lib/tremplin/machine-facts
`;

const machineFactsScript = `#!/bin/bash
# Writes /run/tremplin-kiosk/machine.json: the DMI serial and product, letters, digits, . _ - and spaces only.
set -eu
clean() { tr -cd '[:alnum:] ._-' < "$1" 2>/dev/null | head -c 128 || true; }
install -d -m 0755 /run/tremplin-kiosk
printf '{"serial":"%s","product":"%s"}\\n' "$(clean /sys/class/dmi/id/product_serial)" "$(clean /sys/class/dmi/id/product_name)" > /run/tremplin-kiosk/machine.json.new
chmod 0644 /run/tremplin-kiosk/machine.json.new
mv /run/tremplin-kiosk/machine.json.new /run/tremplin-kiosk/machine.json
`;

const growDataUnit = `# First boot: the data partition grows over the rest of the post's disk (systemd-repart), then its
# file system follows (x-systemd.growfs in fstab). Refuses a disk too small, saying so.
[Unit]
Description=Tremplin data partition sized to the disk
DefaultDependencies=no
Before=var-lib-tremplin\\x2dkiosk.mount local-fs-pre.target
Wants=local-fs-pre.target
ConditionPathExists=!/var/lib/tremplin/data-grown

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/usr/lib/tremplin/grow-data
`;

const growDataScript = `#!/bin/bash
# Grows the data partition once, on the disk the running root lives on.
set -u
if ! /usr/bin/systemd-repart --dry-run=no --definitions=/usr/lib/tremplin/repart.d; then
  echo "tremplin: la partition de données n'a pas pu être agrandie (disque trop petit ?)" > /dev/console
  install -d -m 0755 /run/tremplin-kiosk
  echo "disk_too_small" > /run/tremplin-kiosk/disk-problem
  exit 0
fi
install -d /var/lib/tremplin
touch /var/lib/tremplin/data-grown
`;

/** Matched to the existing data partition by type and order; repart never touches the slots. */
export function repartData(minimumBytes: number): string {
  return `[Partition]
Type=linux-generic
Label=${partitions.data.label}
SizeMinBytes=${minimumBytes}
`;
}

const fstab = `# The data partition: masters, overlays, outbox, device token, schedule. Survives updates.
PARTLABEL=${partitions.data.label} ${dataDir} ext4 defaults,nosuid,nodev,x-systemd.growfs,x-systemd.after=tremplin-grow-data.service 0 2
# The ESP, mounted by the updater only when it writes a slot's kernel or the default entry.
PARTLABEL=${partitions.esp.label} /boot/efi vfat noauto,umask=0077 0 0
tmpfs /tmp tmpfs nosuid,nodev,size=256m 0 0
`;

const tmpfiles = `d ${dataDir} 0750 ${agentUser} ${agentUser} -
d ${osStateDir} 0755 root root -
`;

const sysusers = `u ${agentUser} - "Poste Tremplin" ${dataDir} /usr/sbin/nologin
m ${agentUser} kvm
m ${agentUser} video
m ${agentUser} render
m ${agentUser} input
`;

const networkFile = `[Match]
Type=ether

[Network]
DHCP=yes
`;

/** Chromium's managed policy: only the agent's page, no developer tools, nothing to download or print. */
export const chromiumPolicy = {
  URLBlocklist: ["*"],
  URLAllowlist: ["http://127.0.0.1:8080"],
  DeveloperToolsAvailability: 2,
  IncognitoModeAvailability: 1,
  BrowserGuestModeEnabled: false,
  BrowserAddPersonEnabled: false,
  PasswordManagerEnabled: false,
  PrintingEnabled: false,
  DownloadRestrictions: 3,
  AllowFileSelectionDialogs: false,
  AutofillAddressEnabled: false,
  AutofillCreditCardEnabled: false,
  TranslateEnabled: false,
  SpellcheckEnabled: false,
  DefaultNotificationsSetting: 2,
  TaskManagerEndProcessEnabled: false,
};

const sysctl = `# No magic SysRq keys from the post's keyboard.
kernel.sysrq = 0
`;

export type OsFilesInput = {
  version: string;
  builtAt: string;
  agentConfig: unknown;
  /** Seconds a trial boot has to show a healthy agent before the post goes back to its previous slot. */
  healthTimeoutSeconds: number;
  hosts: { ip: string; names: string[] }[];
};

/** Every file Tremplin lays over the Debian part, and the links that enable or mask units. */
export function osFiles(input: OsFilesInput): { files: OsFile[]; links: OsLink[] } {
  const system = "/etc/systemd/system";
  const hosts = [
    "127.0.0.1 localhost",
    "127.0.1.1 tremplin-poste",
    "::1 localhost ip6-localhost ip6-loopback",
    ...input.hosts.map((h) => `${h.ip} ${h.names.join(" ")}`),
    "",
  ].join("\n");
  const files: OsFile[] = [
    { path: `${system}/tremplin-kiosk.service`, content: agentUnit },
    { path: `${system}/tremplin-screen.service`, content: screenUnit },
    { path: `${system}/tremplin-machine-facts.service`, content: machineFactsUnit },
    { path: `${system}/tremplin-grow-data.service`, content: growDataUnit },
    { path: `${system}/tremplin-os-health.service`, content: osHealthUnit(input.healthTimeoutSeconds) },
    { path: `${system}/tremplin-os-install.path`, content: osInstallPath },
    { path: `${system}/tremplin-os-install.service`, content: osInstallUnit },
    { path: "/usr/lib/tremplin/machine-facts", content: machineFactsScript, mode: 0o755 },
    { path: "/usr/lib/tremplin/slot-access", content: slotAccessScript, mode: 0o755 },
    { path: "/usr/lib/tremplin/grow-data", content: growDataScript, mode: 0o755 },
    { path: "/usr/lib/tremplin/repart.d/50-data.conf", content: repartData(4096 * 1024 * 1024) },
    { path: "/usr/lib/tremplin/os-health", content: osHealthScript, mode: 0o755 },
    { path: "/etc/fstab", content: fstab },
    { path: "/etc/hostname", content: "tremplin-poste\n" },
    { path: "/etc/hosts", content: hosts },
    { path: "/usr/lib/tmpfiles.d/tremplin.conf", content: tmpfiles },
    { path: "/usr/lib/sysusers.d/tremplin.conf", content: sysusers },
    { path: "/etc/systemd/network/80-wired.network", content: networkFile },
    { path: "/etc/sysctl.d/50-tremplin.conf", content: sysctl },
    {
      path: "/etc/chromium/policies/managed/tremplin.json",
      content: `${JSON.stringify(chromiumPolicy, null, 2)}\n`,
    },
    { path: agentConfigFile, content: `${JSON.stringify(input.agentConfig, null, 2)}\n` },
    {
      path: osReleaseFile,
      content: `${JSON.stringify({ name: "tremplin-kiosk-os", version: input.version, builtAt: input.builtAt })}\n`,
    },
  ];
  const wants = (target: string, unit: string): OsLink => ({
    path: `${system}/${target}.wants/${unit}`,
    target:
      unit.startsWith("systemd-") || unit === "seatd.service"
        ? `/lib/systemd/system/${unit}`
        : `${system}/${unit}`,
  });
  const mask = (unit: string): OsLink => ({ path: `${system}/${unit}`, target: "/dev/null" });
  const links: OsLink[] = [
    wants("multi-user.target", "tremplin-kiosk.service"),
    wants("multi-user.target", "tremplin-screen.service"),
    wants("multi-user.target", "tremplin-os-health.service"),
    wants("multi-user.target", "tremplin-os-install.path"),
    wants("multi-user.target", "systemd-networkd.service"),
    wants("multi-user.target", "seatd.service"),
    wants("sysinit.target", "tremplin-machine-facts.service"),
    wants("local-fs-pre.target", "tremplin-grow-data.service"),
    // Nobody logs in on a post: no getty on any console, no Ctrl+Alt+Del reboot.
    mask("getty@.service"),
    mask("serial-getty@.service"),
    mask("autovt@.service"),
    mask("console-getty.service"),
    mask("ctrl-alt-del.target"),
    mask("debug-shell.service"),
    // Updates come as whole slots, never from apt on the post.
    mask("apt-daily.timer"),
    mask("apt-daily-upgrade.timer"),
  ];
  return { files, links };
}

const osInstallPath = `# The agent (unprivileged) asks for an update by writing this file; root does the rest.
[Unit]
Description=Tremplin kiosk OS update request

[Path]
PathExists=${kioskOsPaths.installRequest}

[Install]
WantedBy=multi-user.target
`;

const osInstallUnit = `# Writes the requested, signed version to the inactive slot and reboots into it on trial.
[Unit]
Description=Tremplin kiosk OS update to the inactive slot
RequiresMountsFor=${dataDir}

[Service]
Type=oneshot
ExecStart=${agentCommand} os-install --config ${agentConfigFile} --reboot
`;

const osHealthUnit = (
  timeoutSeconds: number,
) => `# After every boot: once the agent answers, this slot is good; a trial slot that never gets there
# hands the post back to its previous slot (the one-shot boot entry is already spent).
[Unit]
Description=Tremplin slot health check
After=tremplin-kiosk.service
RequiresMountsFor=${dataDir}

[Service]
Type=oneshot
RemainAfterExit=yes
Environment=HEALTH_TIMEOUT=${timeoutSeconds}
ExecStart=/usr/lib/tremplin/os-health
`;

const osHealthScript = `#!/bin/bash
# Marks the running slot good once the agent's page answers, or rolls a failed trial back.
# State in ${osStateDir} (root only; the agent reads it): trial = "<slot> <version>" written by
# the installer before the trial reboot; last-update.json = what became of the last update.
set -u
state=${osStateDir}
slot=$(sed -n 's/.*tremplin\\.slot=\\([ab]\\).*/\\1/p' /proc/cmdline)
version=$(sed -n 's/.*"version":"\\([^"]*\\)".*/\\1/p' ${osReleaseFile})
now() { date -u +%Y-%m-%dT%H:%M:%SZ; }
outcome() { # version outcome reason
  echo "tremplin-os-health: version $1 $2 (slot $slot)"
  printf '{"version":"%s","outcome":"%s","reason":%s,"at":"%s"}\\n' "$1" "$2" "$3" "$(now)" > "$state/last-update.json.new"
  mv "$state/last-update.json.new" "$state/last-update.json"
}
answers() { exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /status HTTP/1.0\\r\\nHost: 127.0.0.1:8080\\r\\n\\r\\n' >&3 && head -c 12 <&3 | grep -q ' 200'; }
install -d -m 0755 "$state"
printf '{"slot":"%s","version":"%s"}\\n' "$slot" "$version" > "$state/running.json"
[ -f "$state/trial" ] || exit 0
read -r trial_slot trial_version < "$state/trial"
if [ "$trial_slot" != "$slot" ]; then
  # The trial slot did not even reach this check (kernel panic, no root): the firmware fell back.
  outcome "$trial_version" rolled_back '"la nouvelle version n'"'"'a pas démarré"'
  rm -f "$state/trial"
  exit 0
fi
for ((waited = 0; waited < HEALTH_TIMEOUT; waited += 2)); do
  if (answers) 2>/dev/null; then
    mount /boot/efi 2>/dev/null
    sed -i "s/^default .*/default tremplin-$slot.conf/" /boot/efi/loader/loader.conf && sync
    umount /boot/efi
    outcome "$trial_version" installed null
    rm -f "$state/trial"
    exit 0
  fi
  sleep 2
done
outcome "$trial_version" rolled_back "\\"l'agent n'a pas répondu en $HEALTH_TIMEOUT s\\""
rm -f "$state/trial"
sync
systemctl reboot
`;
