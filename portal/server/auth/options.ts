import "server-only";
import { type Role, sessionLimits } from "@tremplin/domain/auth";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { clientAddressHeader } from "@/bin/client-address.mjs";
import { env } from "@/env";
import { safeRedirectPath } from "@/lib/safe-redirect-path";
import { endSession, findSessionUser, startSession } from "./sessions";
import { signInFromForm } from "./sign-in-from-form";

export type SessionUser = {
  id: string;
  name: string;
  username: string;
  roles: Role[];
  source: "directory" | "local";
};

/**
 * The cookie is a JWT that carries the id of a server-side session (`user_sessions`): any
 * portal instance reads it, and every request checks that session (session-check.ts), so that
 * signing out, a disabled account or a role change ends access whatever cookie was kept.
 */
/**
 * The portal's secret: next-auth's cookies, and the keys derived from it (calendar feeds).
 * env() refuses to start a production portal without its own: the fallback is public.
 */
export const portalSecret = (): string =>
  env().NEXTAUTH_SECRET ?? "tremplin-development-secret-change-me-in-production";

export const authOptions: NextAuthOptions = {
  secret: portalSecret(),
  // The cookie lasts no longer than the session's absolute limit; the server enforces both.
  session: { strategy: "jwt", maxAge: sessionLimits.absoluteMs / 1000 },
  pages: { signIn: "/connexion" },
  providers: [
    CredentialsProvider({
      name: "Tremplin",
      credentials: { username: { type: "text" }, password: { type: "password" } },
      authorize: async (credentials, request) => {
        // Set by the launcher from the socket, or from X-Forwarded-For of a trusted proxy only
        // (bin/client-address.mjs): never a header the client wrote.
        const source = String(request?.headers?.[clientAddressHeader] ?? "") || "unknown";
        const result = await signInFromForm({ ...credentials, source });
        if (!result.ok) throw new Error(result.code);
        return result.user;
      },
    }),
  ],
  callbacks: {
    // Every redirect next-auth makes (after sign-in, after sign-out) stays on the site.
    redirect: ({ url, baseUrl }) => `${baseUrl}${safeRedirectPath(url, { origin: new URL(baseUrl).origin })}`,
    jwt: async ({ token, user }) => {
      if (user) return { ...token, ...(await startSession(user as unknown as SessionUser)) };
      // next-auth's session endpoint renews the cookie through here: an ended session gets no
      // fresh one (next-auth clears the cookie when this throws).
      if (!(await findSessionUser(token))) throw new Error("session ended");
      return token;
    },
    session: ({ session, token }) => ({ ...session, user: (token as { user?: SessionUser }).user }),
  },
  events: {
    signOut: ({ token }) => endSession(token?.sid),
  },
};
