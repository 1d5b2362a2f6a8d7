/**
 * What the room's pages say when the server says no: a learner session that ended (401
 * LeftRoom, Removed, RoomEnded) and the join page's refusals (NoSuchRoom, RoomLocked, RoomFull,
 * NotARoom, TooManyJoins…), as a title and a sentence. The server's own message is used where
 * it has one; these are the fallbacks and the titles. Pure, no DOM.
 */

export const GONE_CODES = ['LeftRoom', 'Removed', 'RoomEnded'] as const;
export type GoneCode = (typeof GONE_CODES)[number];

export function isGoneCode(code: unknown): code is GoneCode {
  return typeof code === 'string' && (GONE_CODES as readonly string[]).includes(code);
}

/** The page a learner sees once the server no longer knows their session. */
export function goneView(code: GoneCode): { title: string; text: string } {
  switch (code) {
    case 'RoomEnded':
      return {
        title: 'The facilitator ended the room',
        text: 'Everything in your sandbox account was removed. Thank you for taking part! If the workshop goes on in a new room, join it with its link.',
      };
    case 'Removed':
      return {
        title: 'The facilitator removed you from the room',
        text: 'Your sandbox account was cleaned. Ask the facilitator, then join again with the room’s link.',
      };
    default:
      return {
        title: 'You left the room',
        text: 'Everything in your sandbox account was removed. To take part again, join again with the room’s link.',
      };
  }
}

const JOIN_TITLES: Record<string, string> = {
  NoSuchRoom: 'This join code does not open a room',
  RoomLocked: 'The room is closed to new learners for now',
  RoomFull: 'The room is full',
  RoomEnded: 'This room has ended',
  NotARoom: 'This notebook is not running a workshop room',
  TooManyJoins: 'Too many joins at once',
  BadInput: 'Check your name',
};

/** A refused join-info or join, as a title and the server's sentence (or a fallback). */
export function joinRefusal(code: string, message: string, status: number): { title: string; text: string } {
  const title = JOIN_TITLES[code] ?? (status === 0 ? 'The notebook server is not reachable' : 'Could not join the room');
  let text = message;
  if (!text || status === 401) {
    if (code === 'NotARoom') text = 'Ask the facilitator for the room’s join link.';
    else if (code === 'TooManyJoins') text = 'Wait a few seconds, then try again.';
    else if (status === 0) text = 'Check your network connection and that the facilitator’s laptop is reachable, then try again.';
    else text = `The server answered HTTP ${status}. Ask the facilitator.`;
  }
  return { title, text };
}

/**
 * The error code of a room route's refusal, reading a 404 for a route the server does not have
 * (a notebook started without `--room` mounts none) as NotARoom.
 */
export function roomErrorCode(status: number, code: string): string {
  return status === 404 && code === 'NotFound' ? 'NotARoom' : code;
}

export const MAX_NAME = 40;

/** A display name's problem, or '' when it will do (the server checks again and dedupes). */
export function nameProblem(name: string): string {
  const clean = name.trim();
  if (clean === '') return 'Type the name the facilitator will see (1 to 40 characters).';
  if ([...clean].length > MAX_NAME) return `Keep it to ${MAX_NAME} characters.`;
  return '';
}
