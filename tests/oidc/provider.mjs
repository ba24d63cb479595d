// A real OpenID Connect provider for the tests, configured like ProConnect: authorization code
// flow with PKCE and nonce, ID token and userinfo signed (RS256, userinfo answered as a JWT),
// ProConnect's claims (given_name, usual_name, email, uid, siret), the end-session endpoint.
// Its login page (oidc-provider's development interactions) takes any login; the accounts and
// their claims come from OIDC_TEST_ACCOUNTS (JSON: [{"sub": …, claims…}]), the login being `sub`.
// Usage: node provider.mjs <port> ; prints "ready <issuer>" once listening.
import Provider from "oidc-provider";

const port = Number(process.argv[2] || 0);
const issuer = `http://127.0.0.1:${port}`;
const accounts = JSON.parse(process.env.OIDC_TEST_ACCOUNTS || "[]");
const redirect = process.env.OIDC_TEST_REDIRECT_URIS || "http://localhost/connexion/sso/retour/";
const logoutRedirect = process.env.OIDC_TEST_LOGOUT_URIS || "http://localhost/connexion/";

const client = (id) => ({
  client_id: id,
  client_secret: "secret-de-test-parvis",
  redirect_uris: redirect.split(","),
  post_logout_redirect_uris: logoutRedirect.split(","),
  id_token_signed_response_alg: "RS256",
  userinfo_signed_response_alg: "RS256",
  token_endpoint_auth_method: "client_secret_post",
});

const provider = new Provider(issuer, {
  clients: [client("parvis"), client("autre-application")],
  routes: {
    authorization: "/authorize",
    token: "/token",
    userinfo: "/userinfo",
    jwks: "/jwks",
    end_session: "/session/end",
  },
  scopes: ["openid", "email", "given_name", "usual_name", "uid", "siret", "profile", "collectivite"],
  claims: {
    email: ["email"],
    given_name: ["given_name"],
    usual_name: ["usual_name"],
    uid: ["uid"],
    siret: ["siret"],
    profile: ["given_name", "family_name"],
    // As a collectivité's own provider (Keycloak, LemonLDAP::NG) may give: service and role.
    collectivite: ["direction", "fonction"],
  },
  features: {
    devInteractions: { enabled: true },
    jwtUserinfo: { enabled: true },
    rpInitiatedLogout: { enabled: true },
  },
  pkce: { required: () => true },
  cookies: { keys: ["cle-de-test-des-cookies"] },
  // Claims go in the userinfo answer, as ProConnect does (not in the ID token).
  conformIdTokenClaims: true,
  async findAccount(ctx, id) {
    // The login typed at the provider's page is the person's subject (its stable identifier).
    const claims = accounts.find((account) => account.sub === id);
    if (!claims) return undefined;
    return { accountId: id, async claims() { return { ...claims, sub: id }; } };
  },
  async loadExistingGrant(ctx) {
    // Consent is implied for our clients: one grant with every scope asked.
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope(ctx.oidc.params.scope);
    await grant.save();
    return grant;
  },
});
provider.proxy = false;
provider.on("server_error", (ctx, error) => console.error("server_error", error));

const server = provider.listen(port, "127.0.0.1", () => {
  const actual = server.address().port;
  console.log(`ready http://127.0.0.1:${actual}`);
});
