import type { AppErrorCode } from "@tremplin/domain/errors";
import { ConfidentialityRequiredError, InvalidCredentialsError, StrongAuthRequiredError } from "ldapts";

/**
 * Every way a sign-in or a directory call can fail, as a person or an operator needs to tell
 * them apart. Raw LDAP errors stop here: screens get `failureMessages`, logs get the code,
 * the AD sub-code and a short technical detail.
 */
export const directoryFailureCodes = [
  // AD's answer to the bind (sub-code in "data XXX" of the LDAP 49 message, MS-ADTS / winerror.h)
  "invalid_credentials", // 52e, and 525 (unknown user) on purpose: never reveal which accounts exist
  "logon_hours", // 530 ERROR_INVALID_LOGON_HOURS
  "workstation_restricted", // 531 ERROR_INVALID_WORKSTATION
  "password_expired", // 532 ERROR_PASSWORD_EXPIRED
  "account_disabled", // 533 ERROR_ACCOUNT_DISABLED
  "account_expired", // 701 ERROR_ACCOUNT_EXPIRED
  "must_change_password", // 773 ERROR_PASSWORD_MUST_CHANGE
  "locked_out", // 775 ERROR_ACCOUNT_LOCKED_OUT
  // refused before any bind
  "invalid_login",
  "empty_password",
  "input_too_long",
  // the connection to the DC
  "tls_untrusted",
  "tls_name_mismatch",
  "insecure_connection",
  "unreachable",
  "timeout",
  "directory_error",
] as const;
export type DirectoryFailureCode = (typeof directoryFailureCodes)[number];

export type Message = { fr: string; en: string };

const retry = { fr: "Réessayez dans quelques minutes.", en: "Try again in a few minutes." };
const tellIt = { fr: "Prévenez le service informatique.", en: "Please tell IT." };

export const failureMessages: Record<DirectoryFailureCode, Message> = {
  invalid_credentials: {
    fr: "Identifiant ou mot de passe incorrect.",
    en: "Incorrect username or password.",
  },
  logon_hours: {
    fr: "Votre compte n'est pas autorisé à se connecter à cette heure-ci.",
    en: "Your account is not allowed to sign in at this time.",
  },
  workstation_restricted: {
    fr: "Votre compte n'est pas autorisé à se connecter depuis ce poste.",
    en: "Your account is not allowed to sign in from this computer.",
  },
  password_expired: {
    fr: "Votre mot de passe a expiré. Changez-le sur un poste du domaine ou auprès du service informatique, puis reconnectez-vous.",
    en: "Your password has expired. Change it on a domain computer or with IT, then sign in again.",
  },
  account_disabled: {
    fr: "Votre compte est désactivé. Contactez votre formateur ou le service informatique.",
    en: "Your account is disabled. Contact your trainer or IT.",
  },
  account_expired: {
    fr: "Votre compte a expiré (fin de la session de formation). Contactez votre formateur ou le service informatique.",
    en: "Your account has expired (the training session has ended). Contact your trainer or IT.",
  },
  must_change_password: {
    fr: "Vous devez changer votre mot de passe avant de vous connecter : changez-le sur un poste du domaine ou auprès du service informatique.",
    en: "You must change your password before signing in: change it on a domain computer or with IT.",
  },
  locked_out: {
    fr: "Votre compte est verrouillé après trop d'essais infructueux. Réessayez plus tard ou contactez le service informatique.",
    en: "Your account is locked after too many failed attempts. Try again later or contact IT.",
  },
  invalid_login: {
    fr: "Identifiant non valide. Saisissez jdupont, DOMAINE\\jdupont ou jdupont@domaine.fr.",
    en: "Invalid username. Type jdupont, DOMAIN\\jdupont or jdupont@domain.com.",
  },
  empty_password: { fr: "Saisissez votre mot de passe.", en: "Please enter your password." },
  input_too_long: { fr: "Identifiant ou mot de passe trop long.", en: "Username or password too long." },
  tls_untrusted: {
    fr: `Connexion à l'annuaire refusée : son certificat n'est pas reconnu. ${tellIt.fr}`,
    en: `Connection to the directory refused: its certificate is not trusted. ${tellIt.en}`,
  },
  tls_name_mismatch: {
    fr: `Connexion à l'annuaire refusée : son certificat ne correspond pas au nom du serveur. ${tellIt.fr}`,
    en: `Connection to the directory refused: its certificate does not match the server name. ${tellIt.en}`,
  },
  insecure_connection: {
    fr: `Connexion à l'annuaire refusée : elle n'est pas chiffrée. ${tellIt.fr}`,
    en: `Connection to the directory refused: it is not encrypted. ${tellIt.en}`,
  },
  unreachable: {
    fr: `L'annuaire (Active Directory) est injoignable pour le moment. ${retry.fr}`,
    en: `The directory (Active Directory) cannot be reached right now. ${retry.en}`,
  },
  timeout: {
    fr: `L'annuaire (Active Directory) ne répond pas à temps. ${retry.fr}`,
    en: `The directory (Active Directory) is not answering in time. ${retry.en}`,
  },
  directory_error: {
    fr: `L'annuaire a répondu par une erreur inattendue. ${retry.fr} Si cela continue, prévenez le service informatique.`,
    en: `The directory answered with an unexpected error. ${retry.en} If it keeps happening, please tell IT.`,
  },
};

/** How each failure travels through the apps' one error mapping (HTTP status, exit code). */
export const failureAppCodes: Record<DirectoryFailureCode, AppErrorCode> = {
  invalid_credentials: "unauthenticated",
  logon_hours: "forbidden",
  workstation_restricted: "forbidden",
  password_expired: "forbidden",
  account_disabled: "forbidden",
  account_expired: "forbidden",
  must_change_password: "forbidden",
  locked_out: "rate_limited",
  invalid_login: "invalid_input",
  empty_password: "invalid_input",
  input_too_long: "invalid_input",
  tls_untrusted: "unavailable",
  tls_name_mismatch: "unavailable",
  insecure_connection: "unavailable",
  unreachable: "unavailable",
  timeout: "unavailable",
  directory_error: "unavailable",
};

const subCodes: Record<string, DirectoryFailureCode> = {
  "52e": "invalid_credentials",
  "525": "invalid_credentials",
  "530": "logon_hours",
  "531": "workstation_restricted",
  "532": "password_expired",
  "533": "account_disabled",
  "701": "account_expired",
  "773": "must_change_password",
  "775": "locked_out",
};

/** A failure of the directory layer, already classified. `detail` is for logs, never for screens. */
export class DirectoryError extends Error {
  readonly code: DirectoryFailureCode;
  readonly subCode: string | undefined;
  readonly detail: string;

  constructor(
    code: DirectoryFailureCode,
    detail: string,
    options: { subCode?: string; cause?: unknown } = {},
  ) {
    super(failureMessages[code].fr, { cause: options.cause });
    this.name = "DirectoryError";
    this.code = code;
    this.subCode = options.subCode;
    this.detail = detail;
  }
}

// Node's certificate-chain verification codes (OpenSSL X509_V_ERR_* names).
const untrustedCodes = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_SIGNATURE_FAILURE",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_REVOKED",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
  "INVALID_CA",
]);
const unreachableCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "EADDRNOTAVAIL",
]);

/** Classifies anything ldapts, Node's TLS or the network threw. */
export function classifyDirectoryError(error: unknown): DirectoryError {
  if (error instanceof DirectoryError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown })?.code;
  if (error instanceof InvalidCredentialsError) {
    const subCode = /\bdata ([0-9a-f]{3,8})\b/i.exec(message)?.[1]?.toLowerCase();
    const mapped = (subCode && subCodes[subCode]) || "invalid_credentials";
    return new DirectoryError(mapped, `bind refusé (LDAP 49, data ${subCode ?? "?"})`, {
      subCode,
      cause: error,
    });
  }
  if (error instanceof StrongAuthRequiredError || error instanceof ConfidentialityRequiredError) {
    return new DirectoryError("insecure_connection", `le serveur exige une connexion chiffrée : ${message}`, {
      cause: error,
    });
  }
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") {
    return new DirectoryError("tls_name_mismatch", `certificat : ${message}`, { cause: error });
  }
  if (typeof code === "string" && untrustedCodes.has(code)) {
    return new DirectoryError("tls_untrusted", `certificat : ${code} — ${message}`, { cause: error });
  }
  if (/Connection timeout|timed out/i.test(message) || code === "ETIMEDOUT") {
    return new DirectoryError("timeout", message, { cause: error });
  }
  if (
    (typeof code === "string" && unreachableCodes.has(code)) ||
    /Connection closed|Socket error|socket hang up|ended by the other party/i.test(message)
  ) {
    return new DirectoryError("unreachable", `${typeof code === "string" ? `${code} — ` : ""}${message}`, {
      cause: error,
    });
  }
  return new DirectoryError(
    "directory_error",
    `${error instanceof Error ? error.name : "erreur"} : ${message}`,
    {
      cause: error,
    },
  );
}
