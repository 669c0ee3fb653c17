import type { AnchorHTMLAttributes, ReactNode } from 'react';
import type { ButtonVariant } from './Button';
import { classNames } from './classNames';
import './Button.css';
import './ButtonLink.css';

export interface ButtonLinkProps extends AnchorHTMLAttributes<HTMLAnchorElement> {
  href: string;
  variant?: ButtonVariant;
  size?: 'sm' | 'md';
  icon?: ReactNode;
}

/** A link that looks like a Button: for moving to another screen ("Pull an image"), where a real href is right. */
export function ButtonLink({ variant = 'secondary', size = 'md', icon, className, children, ...anchor }: ButtonLinkProps) {
  return (
    <a className={classNames('button', `button--${variant}`, `button--${size}`, 'button-link', className)} {...anchor}>
      {icon}
      {children !== undefined && <span className="button__label">{children}</span>}
    </a>
  );
}
