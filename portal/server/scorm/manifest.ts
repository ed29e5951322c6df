import { AppError } from "@tremplin/domain/errors";
import type { ScormVersion } from "@tremplin/domain/progress";
import { XMLParser } from "fast-xml-parser";

export type PackageManifest = {
  scormVersion: ScormVersion;
  title: string;
  /** The first SCO's launch: a path inside the package, maybe with a query string. */
  launch: string;
  masteryScore: number | null;
};

const refuse = (message: string) =>
  new AppError("invalid_input", message, { issues: [{ path: "package", message }] });

type Node = Record<string, unknown>;
const list = (v: unknown): Node[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]) as Node[];
const text = (v: unknown): string => {
  if (typeof v === "string" || typeof v === "number") return String(v).trim();
  if (v && typeof v === "object" && "#text" in v) return String((v as Node)["#text"]).trim();
  return "";
};

/**
 * Reads `imsmanifest.xml` (IMS Content Packaging, as SCORM 1.2 and 2004 use it): the version,
 * the default organisation's title and its first item that launches a resource. A manifest that
 * declares entities is refused (entity expansion attacks); nothing external is ever fetched.
 */
export function parseManifest(xml: string): PackageManifest {
  if (xml.length > 5_000_000) throw refuse("imsmanifest.xml est trop volumineux.");
  if (/<!ENTITY/i.test(xml)) throw refuse("imsmanifest.xml déclare des entités XML : refusé.");
  let doc: Node;
  try {
    doc = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: "@_",
      removeNSPrefix: true,
      parseTagValue: false,
    }).parse(xml, true) as Node;
  } catch (error) {
    throw refuse(`imsmanifest.xml n'est pas du XML valide : ${(error as Error).message}`);
  }
  const manifest = doc.manifest as Node | undefined;
  if (!manifest) throw refuse("imsmanifest.xml ne contient pas d'élément <manifest>.");
  const organizations = list(manifest.organizations)[0] ?? {};
  const orgs = list(organizations.organization);
  const org = orgs.find((o) => o["@_identifier"] === organizations["@_default"]) ?? orgs[0];
  if (!org) throw refuse("imsmanifest.xml ne décrit aucune organisation (<organization>).");
  const item = firstLaunchable(list(org.item));
  if (!item) throw refuse("imsmanifest.xml ne désigne aucun élément à lancer (item avec identifierref).");
  const resources = list(manifest.resources)[0] ?? {};
  const resource = list(resources.resource).find((r) => r["@_identifier"] === item["@_identifierref"]);
  const href = resource?.["@_href"];
  if (typeof href !== "string" || href.trim() === "")
    throw refuse(`La ressource ${String(item["@_identifierref"])} n'a pas d'attribut href.`);
  const base = `${text(resources["@_base"])}${text(resource?.["@_base"])}`;
  const mastery = Number.parseFloat(text(item.masteryscore));
  return {
    scormVersion: detectVersion(xml, text(list(manifest.metadata)[0]?.schemaversion)),
    title: text(org.title) || text(item.title) || "Module SCORM",
    launch: `${base}${href.trim()}`,
    masteryScore: Number.isFinite(mastery) ? Math.min(100, Math.max(0, mastery)) : null,
  };
}

function firstLaunchable(items: Node[]): Node | undefined {
  for (const item of items) {
    if (typeof item["@_identifierref"] === "string") return item;
    const nested = firstLaunchable(list(item.item));
    if (nested) return nested;
  }
  return undefined;
}

function detectVersion(xml: string, schemaVersion: string): ScormVersion {
  if (schemaVersion === "1.2") return "1.2";
  if (/2004|CAM 1\.3/i.test(schemaVersion)) return "2004";
  if (xml.includes("adlcp_rootv1p2")) return "1.2";
  if (/adlcp_v1p3|imsss/.test(xml)) return "2004";
  throw refuse("Version SCORM introuvable dans imsmanifest.xml (schemaversion 1.2 ou 2004 attendu).");
}
