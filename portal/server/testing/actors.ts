// Test helper: the actor a use case receives for an account a factory made.
import type { Actor } from "@/server/audit/actor";

export const actorOf = (u: {
  id: string;
  displayName: string;
  username: string;
  roles: string[];
}): Actor => ({
  id: u.id,
  name: u.displayName,
  username: u.username,
  roles: u.roles,
});
