// Who is logged in: tokens kept in localStorage so a restart keeps the session; the access token
// (15 minutes) is renewed with the refresh token, which the server rotates on every use.
import { call, NetworkError, SessionExpired } from "./http.js";

const KEY = "veilleurs.session";
const PENDING_LOGOUTS = "veilleurs.pending-logouts";
/** Where the account screen leaves a word for the next screen after erasure ("kept" / "deleted"). */
export const FAREWELL = "veilleurs.farewell";
const listeners = new Set();
let state = load();
let refreshing = null;

function load() {
  try {
    return JSON.parse(localStorage.getItem(KEY)) || null;
  } catch {
    return null;
  }
}

function save(next) {
  state = next;
  if (next) localStorage.setItem(KEY, JSON.stringify(next));
  else localStorage.removeItem(KEY);
  listeners.forEach((fn) => fn(state));
}

// Another tab logged in, out, or refreshed the tokens.
addEventListener("storage", (event) => {
  if (event.key !== KEY) return;
  state = load();
  listeners.forEach((fn) => fn(state));
});

export const currentSession = () => state;
export const currentUser = () => state?.user || null;

export function onSessionChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function fromTokens(tokens, previous = {}) {
  return {
    user: tokens.user || previous.user,
    access_token: tokens.access_token,
    refresh_token: tokens.refresh_token,
  };
}

export async function join({ inviteCode, pseudonym, password }) {
  const response = await call("/auth/join", {
    method: "POST",
    json: { invite_code: inviteCode.trim(), pseudonym: pseudonym.trim(), password, consent: true },
  });
  save(fromTokens(await response.json()));
}

export async function login({ pseudonym, password }) {
  const response = await call("/auth/token", {
    method: "POST",
    json: { pseudonym: pseudonym.trim(), password },
  });
  save(fromTokens(await response.json()));
}

/** New tokens from the server (consent accepted, password reset): the session goes on with them. */
export function storeTokens(tokens) {
  save(fromTokens(tokens, state || {}));
}

/** A new password chosen with the code the animateur handed over; logs in. */
export async function resetPassword({ pseudonym, code, password }) {
  const response = await call("/auth/reset", {
    method: "POST",
    json: { pseudonym: pseudonym.trim(), reset_code: code.trim().toUpperCase(), password },
  });
  save(fromTokens(await response.json()));
}

/** Forget the session on this phone only (the server already ended it: the account is gone). */
export function forgetSession() {
  save(null);
}

export function updateUser(user) {
  if (state) save({ ...state, user });
}

async function revoke(refreshToken) {
  await call("/auth/logout", { method: "POST", json: { refresh_token: refreshToken } });
}

/** Forget the session here at once; revoke it on the server now, or at the next start if offline. */
export async function logout() {
  const previous = state;
  save(null);
  if (!previous) return;
  try {
    await revoke(previous.refresh_token);
  } catch (error) {
    if (error instanceof NetworkError) {
      const pending = JSON.parse(localStorage.getItem(PENDING_LOGOUTS) || "[]");
      localStorage.setItem(PENDING_LOGOUTS, JSON.stringify([...pending, previous.refresh_token]));
    }
  }
}

export async function flushPendingLogouts() {
  const pending = JSON.parse(localStorage.getItem(PENDING_LOGOUTS) || "[]");
  const left = [];
  for (const token of pending) {
    try {
      await revoke(token);
    } catch (error) {
      if (error instanceof NetworkError) left.push(token);
    }
  }
  if (left.length) localStorage.setItem(PENDING_LOGOUTS, JSON.stringify(left));
  else localStorage.removeItem(PENDING_LOGOUTS);
}

function expiresSoon(token) {
  try {
    const claims = JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
    return claims.exp * 1000 - Date.now() < 30_000;
  } catch {
    return true;
  }
}

/** A valid access token, renewed first when it is about to expire (or when ``force``). */
export async function accessToken({ force = false } = {}) {
  if (!state) throw new SessionExpired();
  if (!force && !expiresSoon(state.access_token)) return state.access_token;
  const stale = state.access_token;
  // One renewal at a time, across tabs too: presenting a rotated refresh token twice would make
  // the server revoke the whole session.
  refreshing ||= withLock(() => renew(stale)).finally(() => {
    refreshing = null;
  });
  return refreshing;
}

function withLock(fn) {
  return navigator.locks ? navigator.locks.request("veilleurs-refresh", fn) : fn();
}

async function renew(stale) {
  const latest = load();
  if (!latest) {
    save(null);
    throw new SessionExpired();
  }
  if (latest.access_token !== stale && !expiresSoon(latest.access_token)) {
    state = latest; // another tab renewed it meanwhile
    return latest.access_token;
  }
  try {
    const response = await call("/auth/refresh", {
      method: "POST",
      json: { refresh_token: latest.refresh_token },
    });
    save(fromTokens(await response.json(), latest));
    return state.access_token;
  } catch (error) {
    if (error.status === 401) {
      save(null);
      throw new SessionExpired();
    }
    throw error;
  }
}
