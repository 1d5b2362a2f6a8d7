/**
 * What a learner in a workshop room sees around the lessons, loaded only when `GET /api/session`
 * says the caller is a learner (target-banner.ts imports it), so no other page pays for it:
 * the facilitator's announcement in a bar under the banner (dismissible, per announcement,
 * remembered in this browser), the pacing (pacing-lock.ts), and "Leave the room" in the banner,
 * asked in a dialog first because it deletes everything in their sandbox account. It polls
 * `GET /api/room/me` about every 3 s while the tab is visible; a session the server no longer
 * knows (401 LeftRoom, RoomEnded) turns the page into learner-gone.ts's. Text only.
 */
import { ApiError, apiGet, apiPost } from '../../api/api-client.ts';
import type { Announcement, RoomMeAnswer } from '../../api/contract.ts';
import { showGone } from './learner-gone.ts';
import { applyPacing } from './pacing-lock.ts';
import { poll, type Poll } from './poller.ts';
import { isGoneCode } from './room-text.ts';
import './learner-chrome.css';

const DISMISSED = 'sts-workshop-room-dismissed';
const POLL_MS = 3000;

let started = false;
let poller: Poll | undefined;

export function startLearnerChrome(): void {
  if (started) return;
  started = true;
  addLeaveButton();
  poller = poll(refresh, POLL_MS);
}

async function refresh(): Promise<void> {
  let me: RoomMeAnswer;
  try {
    me = await apiGet('/api/room/me');
  } catch (err) {
    if (err instanceof ApiError && isGoneCode(err.code)) gone(err.code);
    return;
  }
  showAnnouncement(me.announcement);
  applyPacing(me.pacing);
}

function gone(code: Parameters<typeof showGone>[0]): void {
  poller?.stop();
  showGone(code);
}

// ── the announcement ─────────────────────────────────────────────────────────────────────

function dismissed(): string {
  try {
    return localStorage.getItem(DISMISSED) ?? '';
  } catch {
    return '';
  }
}

function showAnnouncement(announcement: Announcement | undefined): void {
  let bar = document.querySelector<HTMLElement>('.room-learner-bar');
  const show = announcement && announcement.at !== dismissed();
  if (!show) {
    bar?.remove();
    return;
  }
  if (!bar) {
    bar = document.createElement('div');
    bar.className = 'room-learner-bar';
    bar.dataset.testid = 'announcement';
    bar.setAttribute('role', 'region');
    bar.setAttribute('aria-label', 'Announcement from the facilitator');
    const inner = document.createElement('div');
    inner.className = 'room-learner-bar-inner';
    const icon = document.createElement('span');
    icon.className = 'room-learner-bar-tag';
    icon.setAttribute('aria-hidden', 'true'); // the region's name says it
    icon.textContent = 'Announcement';
    const text = document.createElement('p');
    text.setAttribute('aria-live', 'polite');
    text.dataset.part = 'announcement-text';
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'btn btn-ghost btn-small';
    close.textContent = 'Dismiss';
    close.dataset.testid = 'dismiss-announcement';
    close.addEventListener('click', () => {
      try {
        localStorage.setItem(DISMISSED, bar!.dataset.at ?? '');
      } catch {
        // not remembered: it comes back on the next page
      }
      bar!.remove();
    });
    inner.append(icon, text, close);
    bar.append(inner);
    document.querySelector('target-banner')?.after(bar);
  }
  if (bar.dataset.at !== announcement.at) {
    bar.dataset.at = announcement.at;
    bar.querySelector('[data-part="announcement-text"]')!.textContent = announcement.text;
  }
}

// ── leaving ──────────────────────────────────────────────────────────────────────────────

function addLeaveButton(): void {
  const inner = document.querySelector('target-banner .banner-inner');
  if (!inner || inner.querySelector('.room-leave')) return;
  document.querySelector('target-banner')?.setAttribute('data-room', 'learner');
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'btn btn-secondary btn-small room-leave';
  button.dataset.testid = 'leave-room';
  button.setAttribute('aria-haspopup', 'dialog');
  button.textContent = 'Leave the room';
  button.addEventListener('click', () => leaveDialog().showModal());
  inner.append(button);
}

function leaveDialog(): HTMLDialogElement {
  const existing = document.querySelector<HTMLDialogElement>('dialog.room-leave-dialog');
  if (existing) return existing;
  const dialog = document.createElement('dialog');
  dialog.className = 'room-leave-dialog';
  dialog.dataset.testid = 'leave-dialog';
  dialog.setAttribute('aria-labelledby', 'room-leave-title');
  dialog.setAttribute('aria-describedby', 'room-leave-text');
  const title = document.createElement('h2');
  title.id = 'room-leave-title';
  title.textContent = 'Leave the room?';
  const text = document.createElement('p');
  text.id = 'room-leave-text';
  text.textContent =
    'Leaving deletes everything in your sandbox account (the users, roles, keys and MFA devices your lessons made) and your progress, and signs this browser out. You can join again with the room’s link, starting fresh.';
  const status = document.createElement('p');
  status.className = 'room-leave-status';
  status.setAttribute('role', 'status');
  const form = document.createElement('form');
  form.method = 'dialog';
  form.className = 'room-leave-buttons';
  const cancel = document.createElement('button');
  cancel.value = 'cancel';
  cancel.className = 'btn btn-secondary';
  cancel.textContent = 'Stay';
  cancel.autofocus = true;
  const leave = document.createElement('button');
  leave.type = 'button';
  leave.className = 'btn btn-primary room-leave-confirm';
  leave.dataset.testid = 'confirm-leave';
  leave.textContent = 'Yes, leave and delete my work';
  leave.addEventListener('click', async () => {
    leave.disabled = cancel.disabled = true;
    status.textContent = 'Cleaning your account…';
    try {
      await apiPost('/api/room/leave', {});
      dialog.close();
      gone('LeftRoom');
    } catch (err) {
      if (err instanceof ApiError && isGoneCode(err.code)) {
        dialog.close();
        gone(err.code);
        return;
      }
      status.textContent = `Not left: ${err instanceof Error ? err.message : String(err)}`;
      leave.disabled = cancel.disabled = false;
    }
  });
  form.append(cancel, leave);
  dialog.append(title, text, status, form);
  document.body.append(dialog);
  return dialog;
}
