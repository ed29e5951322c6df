import { NextRequest } from "next/server";
import NextAuth from "next-auth";
import { authOptions } from "@/server/auth/options";
import { readBody, route } from "@/server/http";

const handler = NextAuth(authOptions);
type Context = { params: Promise<{ nextauth: string[] }> };

// next-auth reads the whole body before looking at it: the sign-in and sign-out forms are a few
// hundred bytes, so anything past 16 KiB is refused while it streams (route() answers 413).
const maxBytes = 16 * 1024;

const post = route("auth", async (request, _ctx, context: Context) => {
  const body = await readBody(request, maxBytes);
  const { method, headers } = request;
  return handler(new NextRequest(request.url, { method, headers, body: new Uint8Array(body) }), context);
});

export { handler as GET, post as POST };
