/**
 * A progress bar on stderr for the long steps (conversion, chunking, verification, assembly).
 * On a terminal it redraws one line; elsewhere (CI logs, tests) it prints a line every 10 %,
 * so a log shows that something moves without thousands of lines. stdout stays for results
 * (and for `--json`).
 */
export type Progress = { update(done: number, total: number): void; finish(): void };

const width = 30;

export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  const started = Date.now();
  let lastTenth = -1;
  let lastDraw = 0;
  let drawn = false;
  const line = (done: number, total: number) => {
    const ratio = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(ratio * width);
    const seconds = Math.max(0.001, (Date.now() - started) / 1000);
    const rate = `${(done / seconds / 1e6).toFixed(0)} Mo/s`;
    return `${label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${(ratio * 100).toFixed(0).padStart(3)} % ${formatBytes(done)}/${formatBytes(total)} ${rate}`;
  };
  return {
    update(done, total) {
      if (stream.isTTY) {
        if (Date.now() - lastDraw < 100 && done < total) return;
        lastDraw = Date.now();
        stream.write(`\r${line(done, total)}`);
        drawn = true;
        return;
      }
      const tenth = total > 0 ? Math.floor((done / total) * 10) : 10;
      if (tenth > lastTenth) {
        lastTenth = tenth;
        stream.write(`${line(done, total)}\n`);
      }
    },
    finish() {
      if (drawn) stream.write("\n");
    },
  };
}

export function formatBytes(bytes: number): string {
  const units = ["o", "Kio", "Mio", "Gio", "Tio"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}
