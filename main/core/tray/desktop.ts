/**
 * Whether the desktop shows tray icons, decided from the environment alone so the rule is written down and
 * tested. It decides whether Stevedore makes a tray at all and whether closing the window may hide it there:
 * where nothing shows the icon, a hidden window could only be found again by starting Stevedore a second time.
 *
 * The rule:
 * 1. `STEVEDORE_TRAY=1` (or `true`, `on`, `yes`) forces a tray, `STEVEDORE_TRAY=0` (`false`, `off`, `no`) forces
 *    none — for a GNOME with the AppIndicator extension installed, or a desktop this rule gets wrong.
 * 2. macOS and Windows always have one.
 * 3. Elsewhere (Linux, BSD) `XDG_CURRENT_DESKTOP` names the desktop:
 *    - exactly `GNOME` — stock GNOME Shell (Fedora, Debian, Arch), which has had no tray since 3.26 → none;
 *    - GNOME with a vendor in front (`ubuntu:GNOME`, `pop:GNOME`, `Zorin:GNOME`) → tray: those sessions ship the
 *      AppIndicator extension, and the vendor entry is the only hint the environment gives;
 *    - any other desktop (KDE, XFCE, Cinnamon, MATE, LXQt, Budgie, sway, …) → tray;
 *    - unset or empty → none: an unknown session may have no tray, and quitting on close is the safe choice.
 */
export function desktopHasTray(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): boolean {
  const forced = parseSwitch(env.STEVEDORE_TRAY);
  if (forced !== undefined) return forced;
  if (platform === 'darwin' || platform === 'win32') return true;
  const desktops = (env.XDG_CURRENT_DESKTOP ?? '')
    .split(':')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (desktops.length === 0) return false;
  return !(desktops.length === 1 && desktops[0] === 'GNOME');
}

function parseSwitch(value: string | undefined): boolean | undefined {
  const normalized = value?.trim().toLowerCase();
  if (normalized === undefined || normalized === '') return undefined;
  if (['1', 'true', 'on', 'yes'].includes(normalized)) return true;
  if (['0', 'false', 'off', 'no'].includes(normalized)) return false;
  return undefined;
}
