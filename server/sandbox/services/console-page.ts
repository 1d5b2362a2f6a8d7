/**
 * The sandbox console's HTML: the signed-in page (who, until when, the Issuer link, an S3
 * panel) and the plain message pages (signed out, session expired, bad sign-in link). Pure
 * builders on `hono/html`, whose templates escape every interpolated value (only the style
 * sheet is `raw`); no script, no external assets (the CSP in console.ts forbids both).
 */
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

export interface BucketRow {
  name: string;
  region: string;
  created: Date;
}

export interface Flash {
  kind: 'success' | 'error';
  title: string;
  detail: string;
}

/** Who is signed in: a role session, or a federated user (GetFederationToken credentials). */
export type ConsoleIdentity =
  | { kind: 'assumed-role'; roleName: string; sessionName: string; origin: 'long-term' | 'chained' }
  /** `federatedBy`: the ARN of the IAM user (or root) that called GetFederationToken. */
  | { kind: 'federated-user'; name: string; federatedBy: string };

export interface ConsoleView {
  /** The assumed-role or federated-user ARN. */
  arn: string;
  accountId: string;
  identity: ConsoleIdentity;
  /** Epoch ms the console session ends, and the time the page was made. */
  expiresAt: number;
  now: number;
  credentialsExpireAt: number;
  issuer?: string;
  /** The buckets, or the AccessDenied message when s3:ListAllMyBuckets is not allowed. */
  buckets: BucketRow[] | { denied: string };
  csrf: string;
  flash?: Flash;
  bucketInput?: string;
}

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** "in 59 min 58 s", "in 11 h 59 min", "now". */
export function remaining(ms: number): string {
  if (ms <= 0) return 'now';
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return `in ${h} h ${m} min`;
  if (m > 0) return `in ${m} min ${s % 60} s`;
  return `in ${s} s`;
}

const utc = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');
const account = (id: string) => id.replace(/^(\d{4})(\d{4})(\d{4})$/, '$1-$2-$3');

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font-family:"Amazon Ember","Helvetica Neue",Roboto,Arial,sans-serif;font-size:14px;line-height:20px;color:#000716;background:#f2f3f3}
a{color:#0972d3}
.nav{display:flex;align-items:center;gap:16px;height:44px;padding:0 20px;background:#232f3e;color:#fff}
.logo{font-weight:700;font-size:20px;letter-spacing:-.5px;color:#fff}
.logo span{display:block;height:3px;margin-top:-3px;border-radius:2px;background:#ff9900}
.svc{color:#d1d5db}
.spacer{flex:1}
.pill{padding:2px 10px;border:1px solid #ff9900;border-radius:12px;color:#ff9900;font-size:12px}
.who{color:#fff;font-size:13px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;max-width:40vw}
.sub{display:flex;gap:8px;align-items:center;padding:8px 20px;background:#fff;border-bottom:1px solid #e9ebed;color:#5f6b7a;font-size:12px}
main{max-width:1040px;margin:0 auto;padding:24px 20px 40px}
h1{margin:0 0 4px;font-size:28px;line-height:36px;font-weight:700}
h1 small{font-weight:400;color:#5f6b7a;font-size:20px}
.lead{margin:0 0 20px;color:#5f6b7a}
.card{background:#fff;border-radius:16px;box-shadow:0 1px 1px rgba(0,7,22,.12),0 0 1px rgba(0,7,22,.2);margin-bottom:20px}
.card>header{display:flex;align-items:baseline;gap:8px;padding:16px 20px 8px}
.card h2{margin:0;font-size:18px;line-height:22px}
.count{color:#5f6b7a;font-size:18px}
.body{padding:8px 20px 20px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:8px 24px;margin:0}
dt{color:#5f6b7a}
dd{margin:0;overflow-wrap:anywhere}
code{font-family:Monaco,Menlo,Consolas,monospace;font-size:13px;background:#f4f4f4;padding:1px 6px;border-radius:4px}
.timer{display:inline-block;margin-left:8px;padding:0 8px;border-radius:10px;background:#f2f8fd;color:#0972d3;font-size:12px;font-weight:700}
.timer.low{background:#fff7e6;color:#8d6605}
table{width:100%;border-collapse:collapse}
th{text-align:left;font-weight:700;color:#414d5c;border-bottom:1px solid #e9ebed;padding:8px 12px}
td{padding:8px 12px;border-bottom:1px solid #f2f3f3}
td.name{color:#0972d3;font-weight:700}
.empty{color:#5f6b7a;padding:12px}
.alert{display:flex;gap:10px;padding:12px 16px;border-radius:12px;border:2px solid;margin:0 0 16px}
.alert strong{display:block}
.alert p{margin:2px 0 0;overflow-wrap:anywhere}
.alert.error{border-color:#d91515;background:#fff7f7}
.alert.success{border-color:#037f0c;background:#f2fcf3}
.alert.info{border-color:#0972d3;background:#f2f8fd}
.icon{flex:none;width:20px;height:20px;border-radius:50%;color:#fff;text-align:center;font-weight:700;line-height:20px;font-size:13px}
.error .icon{background:#d91515}.success .icon{background:#037f0c}.info .icon{background:#0972d3}
form.create{display:flex;gap:12px;align-items:flex-end;flex-wrap:wrap;margin-top:16px;padding-top:16px;border-top:1px solid #e9ebed}
label{display:block;font-weight:700;margin-bottom:4px}
.hint{color:#5f6b7a;font-size:12px}
input[type=text]{width:320px;padding:5px 12px;border:2px solid #7d8998;border-radius:8px;font:inherit}
input[type=text]:focus{outline:2px solid #0972d3;border-color:#0972d3}
button{padding:5px 20px;border-radius:20px;font:inherit;font-weight:700;cursor:pointer}
.primary{border:2px solid #ff9900;background:#ff9900;color:#000716}
.primary:hover{background:#ec7211;border-color:#ec7211}
.link{border:none;background:none;color:#0972d3;padding:0;font-weight:400;text-decoration:underline}
.actions{display:flex;gap:16px;align-items:center;margin-top:16px}
footer{text-align:center;color:#5f6b7a;font-size:12px;padding:0 20px 24px}
`;

function layout(title: string, who: string | undefined, content: Html, refresh?: string): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
${refresh ? html`<meta http-equiv="refresh" content="${refresh}">` : ''}
<title>${title}</title>
<link rel="icon" href="data:,">
<style>${raw(STYLE)}</style>
</head>
<body>
<div class="nav"><div class="logo">aws<span></span></div><div class="svc">Console Home</div><div class="spacer"></div><span class="pill">offline sandbox</span>${who ? html`<span class="who">${who}</span>` : ''}</div>
<main>
${content}
</main>
<footer>STS Workshop offline sandbox. Nothing on this page reaches AWS.</footer>
</body>
</html>`.toString();
}

function alert(kind: 'error' | 'success' | 'info', title: string, detail: string): Html {
  const icon = kind === 'error' ? '!' : kind === 'success' ? '✓' : 'i';
  return html`<div class="alert ${kind}" role="${kind === 'error' ? 'alert' : 'status'}"><span class="icon">${icon}</span><div><strong>${title}</strong><p>${detail}</p></div></div>`;
}

export function consolePage(view: ConsoleView): string {
  const left = view.expiresAt - view.now;
  const id = view.identity;
  const role = id.kind === 'assumed-role';
  const who = `${role ? `${id.roleName}/${id.sessionName}` : id.name} @ ${account(view.accountId)}`;
  const rows = role
    ? html`<dt>Assumed-role ARN</dt><dd><code>${view.arn}</code></dd>
<dt>Account</dt><dd>${view.accountId}</dd>
<dt>Role / session name</dt><dd>${id.roleName} / ${id.sessionName}</dd>`
    : html`<dt>Federated user ARN</dt><dd><code>${view.arn}</code></dd>
<dt>Account</dt><dd>${view.accountId}</dd>
<dt>Federated user name</dt><dd>${id.name}</dd>
<dt>Federated by</dt><dd><code>${id.federatedBy}</code></dd>`;
  const origin = role
    ? id.origin === 'long-term'
      ? 'AssumeRole called with long-term IAM user keys'
      : 'role chaining: AssumeRole called with temporary credentials'
    : 'GetFederationToken: the console session lasts as long as these credentials';
  const buckets = Array.isArray(view.buckets)
    ? view.buckets.length === 0
      ? html`<p class="empty">No buckets.</p>`
      : html`<table><thead><tr><th>Name</th><th>AWS Region</th><th>Creation date</th></tr></thead><tbody>${view.buckets.map(
          (b) => html`<tr><td class="name">${b.name}</td><td>${b.region}</td><td>${utc(b.created.getTime())}</td></tr>`,
        )}</tbody></table>`
    : alert('error', 'AccessDenied: you cannot list buckets', view.buckets.denied);
  const count = Array.isArray(view.buckets) ? html`<span class="count">(${view.buckets.length})</span>` : '';
  const issuer = view.issuer
    ? html`<a href="${view.issuer}" rel="noopener noreferrer">Return to the issuer (${view.issuer})</a>`
    : html`<span class="hint">No Issuer was given when signing in.</span>`;
  const content = html`
<h1>AWS Management Console <small>— offline sandbox</small></h1>
<p class="lead">Signed in through the federation endpoint with ${role ? 'role-session credentials' : 'federated-user credentials (GetFederationToken)'}.</p>
${view.flash ? alert(view.flash.kind, view.flash.title, view.flash.detail) : ''}
<section class="card" aria-labelledby="who">
<header><h2 id="who">Signed in as</h2></header>
<div class="body">
<dl>
${rows}
<dt>Console session ends</dt><dd>${utc(view.expiresAt)}<span class="timer${left < 5 * 60 * 1000 ? ' low' : ''}">${remaining(left)}</span></dd>
<dt>Credentials expire</dt><dd>${utc(view.credentialsExpireAt)} <span class="hint">(${origin})</span></dd>
</dl>
<div class="actions">${issuer}
<form method="post" action="/console/logout"><input type="hidden" name="csrf" value="${view.csrf}"><button class="link" type="submit">Sign out</button></form></div>
</div>
</section>
<section class="card" aria-labelledby="s3">
<header><h2 id="s3">Amazon S3 — Buckets</h2>${count}</header>
<div class="body">
${buckets}
<form class="create" method="post" action="/console/s3/create-bucket">
<div><label for="bucket">Bucket name</label><input type="text" id="bucket" name="bucket" required maxlength="63" autocomplete="off" spellcheck="false" value="${view.bucketInput ?? ''}" placeholder="my-new-bucket"></div>
<input type="hidden" name="csrf" value="${view.csrf}">
<button class="primary" type="submit">Create bucket</button>
</form>
<p class="hint">Every action here is authorized with ${role ? html`this role session's policies` : html`this federated user's permissions (the calling user's policies intersected with the session policies)`}, exactly as a signed API call would be.</p>
</div>
</section>`;
  return layout('AWS Management Console — offline sandbox', who, content, `60;url=/console/`);
}

/** A page with one message: signed out, session expired, bad sign-in link, … */
export function messagePage(title: string, detail: string, options: { issuer?: string; kind?: 'error' | 'info' } = {}): string {
  const issuer = options.issuer
    ? html`<p><a href="${options.issuer}" rel="noopener noreferrer">Sign in again at the issuer (${options.issuer})</a></p>`
    : html`<p class="hint">Get a new sign-in URL from your identity broker (the federation endpoint, Action=getSigninToken then Action=login).</p>`;
  const content = html`
<h1>AWS Management Console <small>— offline sandbox</small></h1>
<section class="card"><div class="body" style="padding-top:20px">
${alert(options.kind ?? 'error', title, detail)}
${issuer}
</div></section>`;
  return layout(`${title} — AWS Management Console — offline sandbox`, undefined, content);
}
