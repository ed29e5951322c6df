import type { CpioEntry } from "./cpio";

export const tinyLinuxModes = ["test", "demo", "bench"] as const;
export type TinyLinuxMode = (typeof tinyLinuxModes)[number];

/**
 * The disk drivers (virtio and IDE, whichever bus the kiosk picks), the ACPI power button, and
 * for the network probe a virtio NIC and QEMU's fw_cfg in sysfs.
 */
export const guestModules = [
  "virtio_pci",
  "virtio_blk",
  "ata_piix",
  "sd_mod",
  "button",
  "evdev",
  "virtio_net",
  "qemu_fw_cfg",
];

export const dataLabel = "tremplin-data";

/** The fw_cfg name under which a test passes the guest its network probe. */
export const netProbeName = "opt/tremplin/net-probe";

/**
 * What the guest says on its serial console (ttyS0), one line each, for tests and diagnostics:
 *   TREMPLIN-BOOT: <mode>            drivers loaded, data partition mounted, acpid listening
 *   TREMPLIN-TITLE: <title>
 *   TREMPLIN-MARKER: absent | present <previous marker>, then TREMPLIN-MARKER: written   (test)
 *   TREMPLIN-BENCH: wrote <n> MiB                                                        (bench)
 *   TREMPLIN-POWERBUTTON             the ACPI power button was pressed (QMP system_powerdown)
 *   TREMPLIN-NET: lease <addr/len> gateway <addr>, then TREMPLIN-NET: <host> <port> <first line
 *                 of the reply | closed>, one per probe   (only when QEMU passes a network probe)
 *   TREMPLIN-ERROR: <what>
 */
export type GuestOptions = { mode: TinyLinuxMode; title: string; modules: string[]; writeMiB: number };

const init = `#!/bin/busybox sh
# PID 1 from the initramfs: create the applets, mount the kernel's filesystems, hand over to init.
/bin/busybox mkdir -p /sbin /usr/bin /usr/sbin /proc /sys /dev /tmp /data /var/log /var/run
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec /sbin/init
`;

const rcS = (mode: TinyLinuxMode) => `#!/bin/sh
# The Debian cloud kernel builds these as modules; the order in /etc/tremplin/modules has
# every dependency first (busybox insmod does not resolve them).
for m in $(cat /etc/tremplin/modules); do
  insmod "/lib/modules/$m.ko" || echo "TREMPLIN-ERROR: insmod $m" > /dev/ttyS0
done
# Disk drivers probe asynchronously: wait for the data partition by its label, whatever the bus.
data=""
for i in $(seq 50); do
  data=$(findfs LABEL=${dataLabel} 2>/dev/null) && break
  sleep 0.1
done
if [ -z "$data" ] || ! mount -t ext4 "$data" /data; then
  echo "TREMPLIN-ERROR: data partition not mounted" > /dev/ttyS0
fi
# The power button (QMP system_powerdown) runs /etc/acpi/PWRF/00000080: a clean poweroff.
# acpid forks and opens the input devices in its child: BOOT is said once it holds one, or a
# button pressed right after the marker (a kiosk logout, a test) would go unheard.
acpid -l /var/log/acpid.log
for i in $(seq 50); do
  ls -l /proc/$(pidof acpid)/fd 2>/dev/null | grep -q /dev/input/event && break
  sleep 0.1
done
echo "TREMPLIN-BOOT: ${mode}" > /dev/ttyS0
echo "TREMPLIN-TITLE: $(cat /etc/tremplin/title)" > /dev/ttyS0
# The kiosk's tests pass a network probe through QEMU's fw_cfg (-fw_cfg name=${netProbeName},…).
probe=/sys/firmware/qemu_fw_cfg/by_name/${netProbeName}/raw
if [ -f "$probe" ]; then /etc/tremplin/net-probe "$probe"; fi
`;

// A hostile guest is root in its own kernel: it may route 127.0.0.0/8 out of its network card,
// which is what "hostile-loopback" does before its probes. Each probe line: "<host> <port>";
// "gateway" stands for the gateway DHCP gave.
const netProbe = `#!/bin/sh
ip link set lo up
ip link set eth0 up
if ! udhcpc -i eth0 -s /etc/tremplin/udhcpc -n -q -t 10 -T 1 >/dev/null 2>&1; then
  echo "TREMPLIN-ERROR: no DHCP lease" > /dev/ttyS0
fi
gw=$(ip route | awk '/^default/ { print $3; exit }')
echo "TREMPLIN-NET: lease $(ip -4 -o addr show eth0 | awk '{ print $4 }') gateway \${gw:-none}" > /dev/ttyS0
while read -r host port; do
  if [ "$host" = hostile-loopback ]; then
    sysctl -qw net.ipv4.conf.all.route_localnet=1 net.ipv4.conf.eth0.route_localnet=1
    ip route del local 127.0.0.0/8 dev lo table local
    ip route del local 127.0.0.1 dev lo table local
    ip route add 127.0.0.0/8 via "$gw" dev eth0
    continue
  fi
  [ "$host" = gateway ] && host=$gw
  reply=$(nc -w 5 "$host" "$port" </dev/null 2>/dev/null | head -n 1)
  echo "TREMPLIN-NET: $host $port \${reply:-closed}" > /dev/ttyS0
done < "$1"
`;

/** udhcpc's hook: the lease's address, default route and DNS server on eth0. */
const udhcpcScript = `#!/bin/sh
case "$1" in
  bound|renew)
    ip addr flush dev "$interface"
    ip addr add "$ip/\${mask:-24}" dev "$interface"
    for r in $router; do ip route add default via "$r" dev "$interface"; break; done
    for d in $dns; do echo "nameserver $d"; done > /etc/resolv.conf
    ;;
esac
`;

const rcK = `#!/bin/sh
umount /data
sync
`;

// Starts with a newline: in demo mode a shell prompt may be half-written on ttyS0.
const powerButton = `#!/bin/sh
printf '\\nTREMPLIN-POWERBUTTON\\n' > /dev/ttyS0
poweroff
`;

const testRun = `#!/bin/sh
# Tells whether a marker from an earlier boot survived, leaves one, and powers off: the kiosk's
# tests boot twice from the same master and expect "absent" both times.
if [ -f /data/tremplin-marker ]; then
  echo "TREMPLIN-MARKER: present $(cat /data/tremplin-marker)" > /dev/ttyS0
else
  echo "TREMPLIN-MARKER: absent" > /dev/ttyS0
fi
echo "boot $(cat /proc/sys/kernel/random/uuid)" > /data/tremplin-marker
sync
echo "TREMPLIN-MARKER: written" > /dev/ttyS0
poweroff
`;

const benchRun = (writeMiB: number) => `#!/bin/sh
# A session that writes a lot: the overlay grows by about ${writeMiB} MiB before the guest powers off.
dd if=/dev/zero of=/data/fill bs=1M count=${writeMiB} conv=fsync 2>/dev/null
echo "TREMPLIN-BENCH: wrote $(( $(stat -c %s /data/fill) / 1048576 )) MiB" > /dev/ttyS0
poweroff
`;

const profile = `# Login shells on the serial and VGA consoles (demo mode) show the training's name.
clear
echo ""
echo "  ============================================================"
printf '   Tremplin — %s\\n' "$(cat /etc/tremplin/title)"
echo "  ============================================================"
echo "   Poste de démonstration : tapez « poweroff » pour terminer la session."
echo "   Demo post: type 'poweroff' to end the session."
echo ""
export PS1='tremplin \\w # '
`;

function inittab(mode: TinyLinuxMode): string {
  const lines = ["::sysinit:/etc/init.d/rcS"];
  if (mode === "demo") lines.push("ttyS0::respawn:-/bin/sh", "tty1::respawn:-/bin/sh");
  else lines.push("::once:/etc/tremplin/run");
  lines.push("::ctrlaltdel:/sbin/reboot", "::shutdown:/etc/init.d/rcK");
  return `${lines.join("\n")}\n`;
}

/** The initramfs's own files (busybox and the modules are added by the recipe). */
export function guestFiles(options: GuestOptions): CpioEntry[] {
  const exe = 0o755;
  const entries: CpioEntry[] = [
    ...[
      "bin",
      "dev",
      "etc",
      "etc/init.d",
      "etc/acpi",
      "etc/acpi/PWRF",
      "etc/tremplin",
      "lib",
      "lib/modules",
    ].map((path): CpioEntry => ({ type: "dir", path })),
    { type: "char", path: "dev/console", major: 5, minor: 1 },
    { type: "file", path: "init", data: init, mode: exe },
    { type: "file", path: "etc/inittab", data: inittab(options.mode) },
    { type: "file", path: "etc/init.d/rcS", data: rcS(options.mode), mode: exe },
    { type: "file", path: "etc/init.d/rcK", data: rcK, mode: exe },
    { type: "file", path: "etc/acpi/PWRF/00000080", data: powerButton, mode: exe },
    { type: "file", path: "etc/tremplin/title", data: `${options.title}\n` },
    { type: "file", path: "etc/tremplin/modules", data: `${options.modules.join("\n")}\n` },
    { type: "file", path: "etc/tremplin/net-probe", data: netProbe, mode: exe },
    { type: "file", path: "etc/tremplin/udhcpc", data: udhcpcScript, mode: exe },
  ];
  if (options.mode === "test")
    entries.push({ type: "file", path: "etc/tremplin/run", data: testRun, mode: exe });
  if (options.mode === "bench") {
    entries.push({ type: "file", path: "etc/tremplin/run", data: benchRun(options.writeMiB), mode: exe });
  }
  if (options.mode === "demo") entries.push({ type: "file", path: "etc/profile", data: profile });
  return entries;
}

/** SYSLINUX boots straight into the kernel; its messages go to the VGA console and ttyS0. */
export function syslinuxConfig(): string {
  return [
    "DEFAULT tremplin",
    "PROMPT 0",
    "TIMEOUT 0",
    "LABEL tremplin",
    "  KERNEL /vmlinuz",
    "  INITRD /initrd.gz",
    "  APPEND console=tty0 console=ttyS0,115200 quiet panic=10",
    "",
  ].join("\n");
}
