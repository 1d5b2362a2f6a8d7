// Signing in: the start URL's answer carries this browser session's key in a meta tag. Keep it in
// this origin's localStorage (which other ports cannot read, unlike cookies) and go on to the
// page that was asked for, replacing this one in history.
const key = document.querySelector('meta[name="sts-workshop-key"]')?.getAttribute('content');
const next = document.querySelector('meta[name="sts-workshop-next"]')?.getAttribute('content') ?? '/';
if (key) localStorage.setItem('sts-workshop-key', key);
location.replace(next.startsWith('/') && !next.startsWith('//') ? next : '/');
