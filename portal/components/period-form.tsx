/**
 * Two dates and a button, sent as `?from=…&to=…` (GET): a results page or an export over a
 * period. Labels come translated; `error` says why the dates in the address were not taken.
 */
export function PeriodForm(props: {
  action: string;
  from: string;
  to: string;
  labels: { legend: string; from: string; to: string; submit: string };
  error?: string | undefined;
}) {
  return (
    <form method="get" action={props.action} className="space-y-2">
      <fieldset className="flex flex-wrap items-end gap-4 rounded-xl border border-slate-200 bg-white p-4">
        <legend className="px-1 font-semibold">{props.labels.legend}</legend>
        <label className="flex flex-col text-sm">
          {props.labels.from}
          <input
            type="date"
            name="from"
            defaultValue={props.from}
            required
            className="rounded border border-slate-300 px-2 py-1 text-base"
          />
        </label>
        <label className="flex flex-col text-sm">
          {props.labels.to}
          <input
            type="date"
            name="to"
            defaultValue={props.to}
            required
            className="rounded border border-slate-300 px-2 py-1 text-base"
          />
        </label>
        <button
          type="submit"
          className="rounded-lg bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-900"
        >
          {props.labels.submit}
        </button>
      </fieldset>
      {props.error && (
        <p role="alert" className="font-medium text-red-700">
          {props.error}
        </p>
      )}
    </form>
  );
}
