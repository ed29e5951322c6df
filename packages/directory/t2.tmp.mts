import { readFileSync } from "node:fs";
import { Attribute, Change, Client } from "ldapts";

const ca = readFileSync("/tmp/sambaexp/private/tls/ca.pem");
const mk = () =>
  new Client({
    url: "ldaps://127.0.86.250:636",
    tlsOptions: { ca, servername: "DCEXP.exp.test" },
    timeout: 5000,
    connectTimeout: 3000,
  });
const pw = (p: string) => Buffer.from(`"${p}"`, "utf16le");
const admin = mk();
await admin.bind("Administrator@exp.test", "Adm1n-Pass!x");
const base = "DC=exp,DC=test";
const ou = `OU=t${Date.now()},${base}`;
await admin.add(ou, { objectClass: ["top", "organizationalUnit"] });
async function user(name: string, extra: Record<string, string> = {}, uac = 512) {
  const dn = `CN=${name},${ou}`;
  await admin.add(dn, [
    new Attribute({ type: "objectClass", values: ["top", "person", "organizationalPerson", "user"] }),
    new Attribute({ type: "sAMAccountName", values: [name] }),
    new Attribute({ type: "unicodePwd", values: [pw("Passw0rd!ok")] }),
    new Attribute({ type: "userAccountControl", values: [String(uac)] }),
    ...Object.entries(extra).map(([k, v]) => new Attribute({ type: k, values: [v] })),
  ]);
  return dn;
}
async function tryBind(name: string, pass = "Passw0rd!ok") {
  const c = mk();
  const t = Date.now();
  try {
    await c.bind(name, pass);
    console.log(name, "OK", Date.now() - t);
  } catch (e: any) {
    console.log(name, e.constructor.name, e.message, Date.now() - t);
  }
  await c.unbind();
}
const pexp = await user("pexp1");
const pso = `CN=pso-${Date.now()},CN=Password Settings Container,CN=System,${base}`;
try {
  await admin.add(pso, {
    objectClass: ["msDS-PasswordSettings"],
    "msDS-PasswordSettingsPrecedence": "10",
    "msDS-PasswordReversibleEncryptionEnabled": "FALSE",
    "msDS-PasswordHistoryLength": "0",
    "msDS-PasswordComplexityEnabled": "FALSE",
    "msDS-MinimumPasswordLength": "0",
    "msDS-MinimumPasswordAge": "0",
    "msDS-MaximumPasswordAge": "-10000000",
    "msDS-LockoutThreshold": "0",
    "msDS-LockoutObservationWindow": "-300000000",
    "msDS-LockoutDuration": "-300000000",
    "msDS-PSOAppliesTo": pexp,
  });
} catch (e: any) {
  console.log("pso", e.message);
}
await tryBind("pexp1@exp.test");
await new Promise((r) => setTimeout(r, 2000));
await tryBind("pexp1@exp.test");
await admin.unbind();
