/**
 * The app's icons, drawn on a 24×24 grid with a 1.75 stroke in `currentColor` so they follow the text colour.
 * Decorative by default (hidden from assistive technology): the control they sit in carries the label.
 */
import type { ReactNode, SVGProps } from 'react';

export type IconProps = Omit<SVGProps<SVGSVGElement>, 'children'> & {
  /** Rendered size in px (width and height). */
  size?: number;
  /** When set, the icon is announced with this text instead of being hidden. */
  title?: string;
};

/** The one drawing of every icon's frame; other icon modules build on it. */
export function Icon({ size = 16, title, children, ...rest }: IconProps & { children: ReactNode }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.75}
      strokeLinecap="round"
      strokeLinejoin="round"
      focusable="false"
      {...(title ? { role: 'img', 'aria-label': title } : { 'aria-hidden': true })}
      {...rest}
    >
      {children}
    </svg>
  );
}

export function RegistriesIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <rect x="3" y="4" width="18" height="7" rx="2" />
      <rect x="3" y="13" width="18" height="7" rx="2" />
      <path d="M7 7.5h.01M7 16.5h.01M11 7.5h6M11 16.5h6" />
    </Icon>
  );
}

export function PullIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M12 3v12" />
      <path d="m7 10 5 5 5-5" />
      <path d="M4 17v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2" />
    </Icon>
  );
}

export function ImagesIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M12 2.5 2.5 7.25 12 12l9.5-4.75L12 2.5Z" />
      <path d="m2.5 12 9.5 4.75L21.5 12" />
      <path d="m2.5 16.75 9.5 4.75 9.5-4.75" />
    </Icon>
  );
}

export function StacksIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <rect x="7.5" y="3" width="9" height="8" rx="1.5" />
      <rect x="2.5" y="13" width="9" height="8" rx="1.5" />
      <rect x="12.5" y="13" width="9" height="8" rx="1.5" />
    </Icon>
  );
}

export function SettingsIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M10.34 4.79L10.66 2.49L13.34 2.49L13.66 4.79A7.4 7.4 0 0 1 15.92 5.72L17.78 4.33L19.67 6.22L18.28 8.08A7.4 7.4 0 0 1 19.21 10.34L21.51 10.66L21.51 13.34L19.21 13.66A7.4 7.4 0 0 1 18.28 15.92L19.67 17.78L17.78 19.67L15.92 18.28A7.4 7.4 0 0 1 13.66 19.21L13.34 21.51L10.66 21.51L10.34 19.21A7.4 7.4 0 0 1 8.08 18.28L6.22 19.67L4.33 17.78L5.72 15.92A7.4 7.4 0 0 1 4.79 13.66L2.49 13.34L2.49 10.66L4.79 10.34A7.4 7.4 0 0 1 5.72 8.08L4.33 6.22L6.22 4.33L8.08 5.72A7.4 7.4 0 0 1 10.34 4.79 Z" />
      <circle cx="12" cy="12" r="3" />
    </Icon>
  );
}

export function CloseIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M6 6l12 12M18 6 6 18" />
    </Icon>
  );
}

export function ChevronDownIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="m6 9 6 6 6-6" />
    </Icon>
  );
}

export function ChevronRightIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="m9 6 6 6-6 6" />
    </Icon>
  );
}

export function AlertIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 7.5v5.5M12 16.5h.01" />
    </Icon>
  );
}

export function InfoIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 11v5.5M12 7.5h.01" />
    </Icon>
  );
}

export function CheckIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="m5 12.5 4.5 4.5L19 7.5" />
    </Icon>
  );
}

export function RefreshIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M20 11a8 8 0 0 0-14.3-4.9L4 8" />
      <path d="M4 3.5V8h4.5" />
      <path d="M4 13a8 8 0 0 0 14.3 4.9L20 16" />
      <path d="M20 20.5V16h-4.5" />
    </Icon>
  );
}

export function SunIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <circle cx="12" cy="12" r="4" />
      <path d="M12 2.5v2M12 19.5v2M4.6 4.6 6 6M18 18l1.4 1.4M2.5 12h2M19.5 12h2M4.6 19.4 6 18M18 6l1.4-1.4" />
    </Icon>
  );
}

export function MoonIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M20 14.5A8 8 0 0 1 9.5 4a8 8 0 1 0 10.5 10.5Z" />
    </Icon>
  );
}

export function MonitorIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <rect x="3" y="4" width="18" height="12" rx="2" />
      <path d="M8 20h8M12 16v4" />
    </Icon>
  );
}

/** The app's mark: a container hanging from a crane hook, on the accent colour. */
export function LogoMark({ size = 28, title }: { size?: number; title?: string }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 32 32"
      focusable="false"
      className="logo-mark"
      {...(title ? { role: 'img', 'aria-label': title } : { 'aria-hidden': true })}
    >
      <rect width="32" height="32" rx="8" className="logo-mark__tile" />
      <g fill="none" stroke="#fff" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        <path d="M16 5v5" />
        <path d="m11 13 5-3 5 3" />
        <rect x="6" y="13" width="20" height="13" rx="1.5" />
        <path d="M11 17v5M16 17v5M21 17v5" />
      </g>
    </svg>
  );
}
