import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { clientAddressHeader } from "@/bin/client-address.mjs";
import { env } from "@/env";
import { safeRedirectPath } from "@/lib/safe-redirect-path";
import { signInFromForm } from "./sign-in-from-form";

export type Role = "learner" | "trainer" | "it_admin" | "auditor";
export type SessionUser = {
  id: string;
  name: string;
  username: string;
  roles: Role[];
  source: "directory" | "local";
};

/** JWT sessions: any portal instance can read them, no session table to share. */
export const authOptions: NextAuthOptions = {
  // env() refuses to start a production portal without its own secret: this one is public.
  secret: env().NEXTAUTH_SECRET ?? "tremplin-development-secret-change-me-in-production",
  session: { strategy: "jwt", maxAge: 8 * 3600 },
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
    jwt: ({ token, user }) => {
      if (user) Object.assign(token, { user: user as unknown as SessionUser });
      return token;
    },
    session: ({ session, token }) => ({ ...session, user: (token as { user?: SessionUser }).user }),
  },
};
