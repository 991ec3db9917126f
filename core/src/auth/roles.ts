/** The roles an account may hold (README "What each role does"); the server's guard and the web's menus read this list. */
export const ROLES = ['lab', 'analyst', 'pilot', 'admin'] as const;
export type Role = (typeof ROLES)[number];
