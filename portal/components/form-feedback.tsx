const looks = {
  inline: { base: "font-medium", ok: "text-green-800", refused: "text-red-700" },
  banner: {
    base: "rounded-lg border p-3",
    ok: "border-green-300 bg-green-50 text-green-900",
    refused: "border-red-300 bg-red-50 text-red-900",
  },
} as const;

/**
 * A form's outcome, or nothing without a message: a success is announced politely
 * (`role="status"`), a refusal at once (`role="alert"`). `className` adds layout or size only.
 */
export function FormFeedback(props: {
  ok: boolean;
  message: string | undefined;
  look?: keyof typeof looks;
  className?: string;
}) {
  if (!props.message) return null;
  const look = looks[props.look ?? "inline"];
  const tone = props.ok ? look.ok : look.refused;
  return (
    <p
      role={props.ok ? "status" : "alert"}
      className={`${look.base} ${tone}${props.className ? ` ${props.className}` : ""}`}
    >
      {props.message}
    </p>
  );
}
