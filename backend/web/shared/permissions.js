// What the signed-in account may do, as the API says (`permissions` of GET /me and of a login):
// the screens ask this instead of naming roles, so the one role table stays on the server
// (backend/services/scope.py). Hiding a control is a courtesy: the API decides.

/** @typedef {{ permissions?: string[], invitable_roles?: string[] }} Account */

/**
 * Whether the account holds a permission.
 * @param {Account | null | undefined} user
 * @param {string} permission
 */
export const can = (user, permission) => Boolean(user?.permissions?.includes(permission));

/**
 * Whether the account sees every territory (no territorial restriction: an admin).
 * @param {Account | null | undefined} user
 */
export const everywhere = (user) => can(user, "all_territories");

/** The permissions that open the console (any of them). */
export const CONSOLE = ["read_territory_observations", "moderate", "invite", "analyse", "synthesise"];

/**
 * Whether the account has anything to do in the console.
 * @param {Account | null | undefined} user
 */
export const usesConsole = (user) => CONSOLE.some((permission) => can(user, permission));
