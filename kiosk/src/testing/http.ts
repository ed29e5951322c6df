import type { StatusView } from "../login-page/view";

export type ApiAnswer = { status: number; body: StatusView & { error?: { code: string; message: string } } };

/** Calls the agent's local API like the login page does. */
export async function callAgent(
  baseUrl: string,
  method: "GET" | "POST" | "DELETE",
  route: string,
  body?: unknown,
): Promise<ApiAnswer> {
  const r = await fetch(new URL(route, baseUrl), {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as ApiAnswer["body"] };
}

export const login = (baseUrl: string, username: string, password: string) =>
  callAgent(baseUrl, "POST", "/session", { username, password });
/** Logs out as the page's dialog does; `confirmPresence`: its "Je confirme ma présence" box. */
export const logout = (baseUrl: string, body?: { confirmPresence: boolean }) =>
  callAgent(baseUrl, "DELETE", "/session", body);
export const status = (baseUrl: string) => callAgent(baseUrl, "GET", "/status");
