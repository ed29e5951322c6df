import type { FormState } from "@/lib/form-state";

export type PreviewLine = { line: number; identifier: string; isAccepted: boolean; result: string };

/** The import form's state: the preview of the last file read, until it is confirmed. */
export type ImportState = FormState & {
  preview:
    | {
        lines: PreviewLine[];
        acceptedCount: number;
        fingerprint: string;
        csv: string;
        fileName: string;
        confirmLabel: string;
      }
    | undefined;
  done: boolean;
};

export const initialImportState: ImportState = {
  ok: false,
  message: "",
  fieldErrors: {},
  preview: undefined,
  done: false,
};
