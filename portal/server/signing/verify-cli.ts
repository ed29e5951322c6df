// tremplin-verify: loaded by portal/bin/tremplin-verify.mjs. The one top-level handler: a user
// error prints its message (exit 1), a bug its stack and "please report" (exit 70).
import { isAppError } from "@tremplin/domain/errors";
import { z } from "zod";
import { runVerifyCommand } from "./verify-command";

// Read by auditors in a terminal: in French, like the rest of the CLI.
z.config(z.locales.fr());

runVerifyCommand(process.argv.slice(2), (line) => console.log(line)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (isAppError(error)) {
      console.error(`tremplin-verify : ${error.message}`);
      process.exitCode = 1;
      return;
    }
    console.error(error instanceof Error ? error.stack : error);
    console.error(
      "\ntremplin-verify : erreur interne — merci de la signaler (please report) avec le texte ci-dessus.",
    );
    process.exitCode = 70;
  },
);
