import type { ButtonHTMLAttributes, ReactNode, Ref } from 'react';
import { classNames } from './classNames';
import { Spinner } from './Spinner';
import './Button.css';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: 'sm' | 'md';
  /** Shown before the label; replaced by a spinner while busy. */
  icon?: ReactNode;
  /** The action is running: shows a spinner and ignores clicks, but keeps focus (unlike `disabled`). */
  busy?: boolean;
  ref?: Ref<HTMLButtonElement>;
}

export function Button({
  variant = 'secondary',
  size = 'md',
  icon,
  busy = false,
  type = 'button',
  className,
  children,
  onClick,
  ...rest
}: ButtonProps) {
  return (
    <button
      type={type}
      className={classNames('button', `button--${variant}`, `button--${size}`, busy && 'button--busy', className)}
      aria-busy={busy || undefined}
      // aria-disabled rather than disabled while busy, so keyboard focus is not thrown away mid-action.
      aria-disabled={busy || undefined}
      onClick={busy ? (event) => event.preventDefault() : onClick}
      {...rest}
    >
      {busy ? <Spinner size="sm" /> : icon}
      {children !== undefined && <span className="button__label">{children}</span>}
    </button>
  );
}
