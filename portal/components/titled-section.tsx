import type { ReactNode } from "react";

const headings = { lg: "text-2xl font-semibold", md: "text-xl font-semibold" } as const;

/**
 * A page section named by its own `h2` (`aria-labelledby`): the region a screen reader lists
 * under that name. `id` must be unique on the page.
 */
export function TitledSection(props: {
  id: string;
  title: ReactNode;
  size?: keyof typeof headings;
  className?: string;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={props.id} className={props.className}>
      <h2 id={props.id} className={headings[props.size ?? "lg"]}>
        {props.title}
      </h2>
      {props.children}
    </section>
  );
}
