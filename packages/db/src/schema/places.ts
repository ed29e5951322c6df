import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, id } from "./columns";

export const organisations = pgTable("organisations", {
  id: id(),
  name: text("name").notNull(),
  kind: text("kind", { enum: ["region", "institute"] }).notNull(),
  /** What a *certificat de réalisation* names the training body by (the Ministry's model). */
  legalName: text("legal_name"),
  /** Numéro de déclaration d'activité (NDA), given by the regional prefecture. */
  activityNumber: text("activity_number"),
  siret: text("siret"),
  address: text("address"),
  /** Who signs the certificates, as printed under the signature. */
  signatoryName: text("signatory_name"),
  signatoryRole: text("signatory_role"),
  createdAt: createdAt(),
});

/** A *Maison de région*: one relay, one night window for the whole site. */
export const sites = pgTable(
  "sites",
  {
    id: id(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    name: text("name").notNull(),
    city: text("city").notNull(),
    timezone: text("timezone").notNull().default("Europe/Paris"),
    nightWindowStart: text("night_window_start").notNull().default("20:00"),
    nightWindowEnd: text("night_window_end").notNull().default("06:00"),
    wanCapMbps: integer("wan_cap_mbps"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("sites_org_name_uq").on(t.organisationId, t.name)],
);

export const rooms = pgTable(
  "rooms",
  {
    id: id(),
    siteId: uuid("site_id")
      .notNull()
      .references(() => sites.id),
    name: text("name").notNull(),
    capacity: integer("capacity").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("rooms_site_name_uq").on(t.siteId, t.name)],
);

/** A NUC post. Its device token is stored hashed; a registration code is one-time and expires. */
export const kiosks = pgTable(
  "kiosks",
  {
    id: id(),
    roomId: uuid("room_id")
      .notNull()
      .references(() => rooms.id),
    label: text("label").notNull(),
    registrationCodeHash: text("registration_code_hash"),
    registrationCodeExpiresAt: at("registration_code_expires_at"),
    tokenHash: text("token_hash"),
    registeredAt: at("registered_at"),
    revokedAt: at("revoked_at"),
    lastSeenAt: at("last_seen_at"),
    agentVersion: text("agent_version"),
    accelerator: text("accelerator"),
    outboxDepth: integer("outbox_depth"),
    inventory: jsonb("inventory"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("kiosks_room_label_uq").on(t.roomId, t.label),
    uniqueIndex("kiosks_token_hash_uq").on(t.tokenHash).where(sql`${t.tokenHash} is not null`),
    uniqueIndex("kiosks_code_hash_uq")
      .on(t.registrationCodeHash)
      .where(sql`${t.registrationCodeHash} is not null`),
  ],
);

/** One row per heartbeat kept for the fleet history chart; the latest state also lives on `kiosks`. */
export const kioskHeartbeats = pgTable(
  "kiosk_heartbeats",
  {
    id: id(),
    kioskId: uuid("kiosk_id")
      .notNull()
      .references(() => kiosks.id),
    receivedAt: at("received_at").notNull().defaultNow(),
    payload: jsonb("payload").notNull(),
  },
  (t) => [index("kiosk_heartbeats_kiosk_at_idx").on(t.kioskId, t.receivedAt)],
);

/**
 * Which physical machine served as which post, and when. A post (label, room, token, attendance)
 * outlives its NUC: when a spare registers with the dead post's code, the dead machine's row is
 * closed (`replacedAt`) and the spare's opens. At most one open row per post.
 */
export const kioskMachines = pgTable(
  "kiosk_machines",
  {
    id: id(),
    kioskId: uuid("kiosk_id")
      .notNull()
      .references(() => kiosks.id),
    /** DMI serial and product name; null from agents that predate the kiosk OS. */
    serial: text("serial"),
    product: text("product"),
    hostname: text("hostname").notNull(),
    firstSeenAt: at("first_seen_at").notNull(),
    /** The post's last heartbeat while this machine served it, copied when it is replaced. */
    lastSeenAt: at("last_seen_at"),
    replacedAt: at("replaced_at"),
  },
  (t) => [
    index("kiosk_machines_kiosk_idx").on(t.kioskId, t.firstSeenAt),
    uniqueIndex("kiosk_machines_open_uq").on(t.kioskId).where(sql`${t.replacedAt} is null`),
  ],
);
