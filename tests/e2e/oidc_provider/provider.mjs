// A real OpenID Provider (panva's oidc-provider) for the end-to-end sign-in test, on loopback.
//
//   node provider.mjs '{"port": 5123, "clientId": "...", "clientSecret": "...", "redirectUri": "..."}'
//
// One confidential client, PKCE required, ID-porten's acr values. Its own interaction page lets
// the test type the subject and pick the acr level, so one provider serves every case (a valid
// login, a weak level, an unlinked person). Prints "ready <issuer>" once it listens.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import http from "node:http";

import Provider from "oidc-provider";

const config = JSON.parse(process.argv[2]);
const issuer = `http://127.0.0.1:${config.port}`;
const ACR_VALUES = ["idporten-loa-substantial", "idporten-loa-high"];

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: "jwk" }), kid: "e2e", use: "sig", alg: "RS256" };

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: config.clientId,
      client_secret: config.clientSecret,
      redirect_uris: [config.redirectUri],
      response_types: ["code"],
      grant_types: ["authorization_code"],
      token_endpoint_auth_method: "client_secret_post",
    },
  ],
  acrValues: ACR_VALUES,
  pkce: { required: () => true },
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomBytes(32).toString("hex")] },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  // Every subject exists here; whether Ungsam knows it is what the test checks.
  findAccount: async (ctx, sub) => ({ accountId: sub, claims: async () => ({ sub }) }),
});

const escape = (text) =>
  String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid, params) {
  const options = ACR_VALUES.map((acr) => `<option value="${acr}">${acr}</option>`).join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test provider login</title></head>
<body>
<h1>Test provider login</h1>
<p>Client <code id="client">${escape(params.client_id)}</code> asks for
<code id="requested-acr">${escape(params.acr_values ?? "")}</code>.</p>
<form method="post" action="/interaction/${uid}/login">
  <label>Subject <input name="sub" required></label>
  <label>Level <select name="acr">${options}</select></label>
  <button type="submit">Log in</button>
</form>
</body></html>`;
}

async function readForm(req) {
  let body = "";
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

async function interaction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new Error("interaction mismatch");
  if (req.method === "GET" && !action) {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(loginPage(uid, details.params));
    return;
  }
  if (req.method === "POST" && action === "login") {
    const form = await readForm(req);
    const accountId = form.get("sub");
    // Log in and consent in one step: a grant for exactly what the client asked for.
    const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
    grant.addOIDCScope(details.params.scope);
    const grantId = await grant.save();
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId, acr: form.get("acr") }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
    return;
  }
  res.writeHead(405).end();
}

const handleProvider = provider.callback();
const INTERACTION = /^\/interaction\/([^/]+)(?:\/(login))?$/;

const server = http.createServer(async (req, res) => {
  const match = INTERACTION.exec(new URL(req.url, issuer).pathname);
  if (!match) {
    handleProvider(req, res);
    return;
  }
  try {
    await interaction(req, res, match[1], match[2]);
  } catch (error) {
    console.error(`interaction failed: ${error.message}`);
    if (!res.headersSent) res.writeHead(400, { "Content-Type": "text/plain" });
    res.end("interaction failed");
  }
});

server.listen(config.port, "127.0.0.1", () => {
  console.log(`ready ${issuer}`);
});

for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
