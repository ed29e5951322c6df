import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

/** `lg` for forms a person fills in once (sign-in, rules); `md` and `sm` for search and filter bars. */
export type FieldSize = "lg" | "md" | "sm";

const labels: Record<FieldSize, string> = {
  lg: "block font-medium",
  md: "block font-medium",
  sm: "block text-sm font-medium",
};
const controls: Record<FieldSize, string> = {
  lg: "px-3 py-3 text-lg",
  md: "px-3 py-2",
  sm: "px-3 py-2",
};

/** What a labelled control needs to be tied to its label, hint and error. */
export type ControlProps = {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
  className: string;
};

type FieldProps = {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
  size?: FieldSize;
};

/**
 * A label, the control it names, then its hint and its error, tied together by ids so that a
 * screen reader reads them with the control (WCAG 1.3.1, 3.3.1). `children` draws the control.
 */
export function Field(props: FieldProps & { children: (control: ControlProps) => ReactNode }) {
  const size = props.size ?? "lg";
  const hintId = props.hint ? `${props.id}-hint` : undefined;
  const errorId = props.error ? `${props.id}-error` : undefined;
  const border = props.error ? "border-red-600" : "border-slate-400";
  return (
    <div>
      <label htmlFor={props.id} className={labels[size]}>
        {props.label}
      </label>
      {props.children({
        id: props.id,
        "aria-invalid": props.error ? true : undefined,
        "aria-describedby": [hintId, errorId].filter(Boolean).join(" ") || undefined,
        className: `mt-1 block w-full rounded-lg border bg-white ${controls[size]} ${border}`,
      })}
      {props.hint && (
        <p id={hintId} className="mt-1 text-sm text-slate-600">
          {props.hint}
        </p>
      )}
      {props.error && (
        <p id={errorId} className="mt-1 text-sm font-medium text-red-700">
          {props.error}
        </p>
      )}
    </div>
  );
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, "size"> &
  Omit<FieldProps, "id"> & { name: string; id?: string };

const withClass = (control: ControlProps, extra: string | undefined) =>
  extra ? { ...control, className: `${control.className} ${extra}` } : control;

/** A labelled input; its id is its name unless given; `className` adds to the control's look. */
export function FormField({ name, id, label, error, hint, size, className, ...input }: InputProps) {
  return (
    <Field id={id ?? name} label={label} error={error} hint={hint} size={size}>
      {(control) => <input name={name} {...input} {...withClass(control, className)} />}
    </Field>
  );
}

type TextAreaProps = TextareaHTMLAttributes<HTMLTextAreaElement> &
  Omit<FieldProps, "id"> & { name: string; id?: string };

/** A labelled text area (a reason, a note); its id is its name unless given. */
export function TextAreaField({ name, id, label, error, hint, size, className, ...area }: TextAreaProps) {
  return (
    <Field id={id ?? name} label={label} error={error} hint={hint} size={size}>
      {(control) => <textarea name={name} {...area} {...withClass(control, className)} />}
    </Field>
  );
}

type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, "size"> &
  Omit<FieldProps, "id"> & { name: string; id?: string };

/** A labelled select; its id is its name unless given; `className` adds to the control's look. */
export function SelectField({
  name,
  id,
  label,
  error,
  hint,
  size,
  className,
  children,
  ...select
}: SelectProps) {
  return (
    <Field id={id ?? name} label={label} error={error} hint={hint} size={size}>
      {(control) => (
        <select name={name} {...select} {...withClass(control, className)}>
          {children}
        </select>
      )}
    </Field>
  );
}
