/** What a person may do in Tremplin; the directory maps AD groups onto these. */
export const roles = ["learner", "trainer", "it_admin", "auditor"] as const;
export type Role = (typeof roles)[number];
