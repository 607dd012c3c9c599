import { templateParts } from '@/lib/result-files/shared/message-template';

/** An error group's template, its placeholders ({id}, {code}…) set apart from Zuora's words. */
export function TemplateText({ template }: { template: string }) {
  return (
    <>
      {templateParts(template).map((part, i) =>
        part.isPlaceholder ? (
          <span key={i} className="rounded bg-slate-200 px-0.5 font-mono text-[0.85em] text-slate-800">{part.text}</span>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </>
  );
}
