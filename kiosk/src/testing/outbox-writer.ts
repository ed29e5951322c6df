import { silentLogger } from "../log";
import { Outbox } from "../outbox/outbox";
import { makeErrorEvent } from "./events";

/**
 * Child process for the crash test: appends and acknowledges as fast as it can, printing
 * `T id` before an append, `A id` once it is durable, `k id…` before an ack and `K id…` once the
 * ack is durable, until the parent kills it with SIGKILL.
 */
const dir = process.argv[2];
if (!dir) throw new Error("usage: outbox-writer <dir>");
const outbox = await Outbox.open(dir, silentLogger);
const out = (line: string) => process.stdout.write(`${line}\n`);
out(`R ${outbox.depth}`);
for (let n = 0; ; n++) {
  const event = makeErrorEvent(n, 300 + ((n * 97) % 1700));
  out(`T ${event.id}`);
  await outbox.append(event);
  out(`A ${event.id}`);
  if (n % 7 === 6) {
    const ids = outbox.pending(5).map((e) => e.id);
    out(`k ${ids.join(" ")}`);
    await outbox.ack(ids);
    out(`K ${ids.join(" ")}`);
  }
  if (n % 50 === 49) await outbox.compact();
}
