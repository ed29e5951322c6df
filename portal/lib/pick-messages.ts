type Messages = { [key: string]: string | Messages };

/** The part of a message catalogue under each dotted namespace ("training.enrol"), nested as in the catalogue. */
export function pickMessages(messages: Messages, namespaces: string[]): Messages {
  const picked: Messages = {};
  for (const namespace of namespaces) {
    const path = namespace.split(".");
    let from: string | Messages | undefined = messages;
    for (const key of path) from = typeof from === "object" ? from[key] : undefined;
    if (from === undefined) throw new Error(`Espace de messages inconnu : ${namespace}`);
    let into = picked;
    for (const key of path.slice(0, -1)) {
      if (typeof into[key] !== "object") into[key] = {};
      into = into[key] as Messages;
    }
    into[path.at(-1)!] = from;
  }
  return picked;
}
