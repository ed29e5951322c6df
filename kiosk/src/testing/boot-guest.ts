// Boots one tiny master through the kiosk's VmSupervisor and prints how the session ended, as
// JSON on stdout. Run as its own process (`node boot-guest.mjs '<json>'`) so that a test can put
// the whole post, QEMU and its network helper alike, inside a network namespace it made.
import { z } from "zod";
import { VmSupervisor } from "../qemu/vm-supervisor";

const argsSchema = z.strictObject({
  master: z.string(),
  hints: z.record(z.string(), z.unknown()),
  overlayDir: z.string(),
  serialFile: z.string(),
  network: z.enum(["none", "user"]),
  extraArgs: z.array(z.string()),
});

const args = argsSchema.parse(JSON.parse(process.argv[2] ?? "{}"));
const supervisor = new VmSupervisor({ overlayDir: args.overlayDir });
const session = await supervisor.start({
  master: args.master,
  hints: args.hints,
  accel: "tcg",
  network: args.network,
  serialFile: args.serialFile,
  extraArgs: args.extraArgs,
  powerdownTimeoutMs: 5000,
});
const end = await session.ended;
process.stdout.write(`${JSON.stringify({ reason: end.reason, message: end.message })}\n`);
