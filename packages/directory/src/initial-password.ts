import { randomInt } from "node:crypto";

// No 0/O, 1/l/I: the trainer reads this password out or copies it by hand.
const lower = "abcdefghijkmnopqrstuvwxyz";
const upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
const digits = "23456789";

/**
 * A one-time initial password like `Kp7x-Rm4t-Wz9q`: 14 characters with upper and lower case,
 * digits and a symbol, so that it passes AD's complexity rule (3 of 4 classes) and common
 * minimum lengths. AD also refuses a password containing the account name or any part of the
 * display name of 3 characters or more: such a draw is drawn again.
 */
export function generateInitialPassword(account: { username: string; displayName: string }): string {
  const forbidden = [account.username, ...account.displayName.split(/[\s,.\-_#\t]+/)]
    .map((token) => token.toLowerCase())
    .filter((token) => token.length >= 3);
  for (;;) {
    const groups = Array.from({ length: 3 }, () => {
      const chars = [pick(upper), pick(lower), pick(digits), pick(lower)];
      return shuffle(chars).join("");
    });
    const password = groups.join("-");
    const lowered = password.toLowerCase();
    if (!forbidden.some((token) => lowered.includes(token))) return password;
  }
}

const pick = (alphabet: string) => alphabet[randomInt(alphabet.length)]!;

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
