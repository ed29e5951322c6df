// biome-ignore-all lint/suspicious/noArrayIndexKey: content rendered once in stored order; items never move.
import type { ReactNode } from "react";

/**
 * Renders the Markdown subset course pages use (headings, paragraphs, lists, **bold**,
 * *italic*, `code`, [links](https://…)) as React elements: no HTML from the content ever
 * reaches the page, so nothing in a course page can run a script.
 */
export function Markdown({ source }: { source: string }) {
  const blocks = source.replace(/\r\n/g, "\n").split(/\n{2,}/);
  return (
    <div className="space-y-4 text-lg leading-relaxed">
      {blocks.map((block, i) => {
        const lines = block.split("\n");
        const heading = block.match(/^(#{1,4})\s+(.*)$/);
        if (heading && lines.length === 1) {
          const level = Math.min(heading[1]!.length + 1, 4);
          const Tag = `h${level}` as "h2" | "h3" | "h4";
          return (
            <Tag key={i} className={level === 2 ? "text-2xl font-bold" : "text-xl font-semibold"}>
              {inline(heading[2]!)}
            </Tag>
          );
        }
        if (lines.every((l) => /^\s*[-*]\s+/.test(l))) {
          return (
            <ul key={i} className="list-disc space-y-1 pl-6">
              {lines.map((l, j) => (
                <li key={j}>{inline(l.replace(/^\s*[-*]\s+/, ""))}</li>
              ))}
            </ul>
          );
        }
        if (lines.every((l) => /^\s*\d+[.)]\s+/.test(l))) {
          return (
            <ol key={i} className="list-decimal space-y-1 pl-6">
              {lines.map((l, j) => (
                <li key={j}>{inline(l.replace(/^\s*\d+[.)]\s+/, ""))}</li>
              ))}
            </ol>
          );
        }
        return <p key={i}>{inline(lines.join(" "))}</p>;
      })}
    </div>
  );
}

const pattern = /(\*\*[^*]+\*\*|\*[^*]+\*|`[^`]+`|\[[^\]]+\]\(https?:\/\/[^)\s]+\))/g;

function inline(text: string): ReactNode[] {
  return text.split(pattern).map((part, i) => {
    if (part.startsWith("**") && part.endsWith("**")) return <strong key={i}>{part.slice(2, -2)}</strong>;
    if (part.startsWith("`") && part.endsWith("`"))
      return (
        <code key={i} className="rounded bg-slate-100 px-1">
          {part.slice(1, -1)}
        </code>
      );
    const link = part.match(/^\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)$/);
    if (link)
      return (
        <a
          key={i}
          href={link[2]}
          className="text-brand-700 underline"
          target="_blank"
          rel="noopener noreferrer"
        >
          {link[1]}
        </a>
      );
    if (part.length > 2 && part.startsWith("*") && part.endsWith("*"))
      return <em key={i}>{part.slice(1, -1)}</em>;
    return part;
  });
}
