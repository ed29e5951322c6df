import { dataDir, kvmProbeImage } from "./os-files";
import type { SiteSettings } from "./site-settings";

export const imageCaFile = "/etc/tremplin-kiosk/ad-ca.pem";
export const imageKeyFile = (index: number) => `/etc/tremplin-kiosk/keys/trusted-${index + 1}.pem`;

/**
 * The agent's config on every post of the region: the site's settings, the image's paths, the
 * first-boot screen on. VNC display: the session shows inside the kiosk's own page, so the only
 * window on screen is Chromium's, and QEMU's own UI (menus, shortcuts) is never reachable.
 */
export function agentConfigFor(site: SiteSettings) {
  return {
    portal: { url: site.portal.url, tokenFile: `${dataDir}/device-token`, plainHttp: site.portal.plainHttp },
    firstBoot: true,
    dataDir,
    mastersDir: `${dataDir}/masters`,
    overlayDir: `${dataDir}/overlays`,
    listenPort: 8080,
    display: "vnc",
    vm: { accelerator: site.vm.accelerator, usb: site.vm.usb, kvmProbeImage },
    directory: { ...site.directory, caFile: site.directory.caFile ? imageCaFile : undefined },
    masterSync: {
      trustedKeyFiles: site.masterSync.trustedKeyFiles.map((_, i) => imageKeyFile(i)),
      relayUrl: site.masterSync.relayUrl,
      portalFallback: site.masterSync.portalFallback,
      anyTime: site.masterSync.anyTime,
      everyMinutes: site.masterSync.everyMinutes,
    },
  };
}
