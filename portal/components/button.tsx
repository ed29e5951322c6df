import type { ButtonHTMLAttributes } from "react";

const looks = {
  primary: "bg-brand-700 text-white hover:bg-brand-900",
  secondary: "border border-slate-400 bg-white text-slate-800 hover:bg-slate-100",
  /** What cannot be taken back: a cancellation, a revocation, a withdrawal. */
  danger: "bg-red-700 text-white hover:bg-red-900",
} as const;

const sizes = {
  sm: "px-3 py-2 text-sm",
  md: "px-4 py-2",
  lg: "px-5 py-3",
  /** The sign-in and registration forms': the whole width, large text for a first visit. */
  wide: "w-full px-4 py-3 text-lg",
} as const;

export type ButtonLook = keyof typeof looks;
export type ButtonSize = keyof typeof sizes;

/** The classes of the portal's buttons, also for a link that leads on like one. */
export function buttonClass(look: ButtonLook = "primary", size: ButtonSize = "md"): string {
  return `rounded-lg font-semibold disabled:opacity-60 ${looks[look]} ${sizes[size]}`;
}

type Props = ButtonHTMLAttributes<HTMLButtonElement> & { look?: ButtonLook; size?: ButtonSize };

/** A button in the portal's look, `submit` unless told otherwise; `className` adds layout only. */
export function Button({ look, size, className, type = "submit", ...button }: Props) {
  const classes = className ? `${buttonClass(look, size)} ${className}` : buttonClass(look, size);
  return <button type={type} className={classes} {...button} />;
}
