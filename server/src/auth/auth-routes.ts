import { z } from 'zod';
import { recordAudit } from '@skywater/core/audit/audit-log';
import type { SessionReply } from '@skywater/core/auth/session-view';
import { UnauthenticatedError } from '@skywater/core/errors/app-error';
import type { RouteModule } from '../http/route-table';
import { readCookie } from './guard';
import { sessionCacheOf } from './session-cache';
import { createSession, deleteSession, SESSION_COOKIE, SESSION_TTL_HOURS, type SessionUser } from './sessions';
import { logIn } from './users';
import { getOffice } from '../offices/offices';

const loginBody = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

export const authRoutes: RouteModule = ({ db, config }) => {
  /** The session's user with their office; the guard sets `req.csrfToken` whenever it sets `req.user`. */
  const sessionReply = async (user: SessionUser, csrfToken: string): Promise<SessionReply> => ({
    user: {
      username: user.username,
      displayName: user.displayName,
      roles: user.roles,
      office: await getOffice(db, user.officeId),
    },
    csrfToken,
  });
  const cookieOptions = {
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: config.secureCookies,
    path: '/',
  };
  return [
    {
      method: 'post',
      path: '/api/auth/login',
      access: 'public',
      request: { body: loginBody },
      summary: 'Log in with username and password; sets the session cookie, returns the CSRF token',
      rateLimit: 'login',
      async handler(req, res) {
        const { username, password } = loginBody.parse(req.body);
        const signedIn = await logIn(db, username, password, async (tx, outcome) => {
          if (!outcome.ok) {
            await recordAudit(tx, {
              actor: null,
              action: 'login_failed',
              entity: 'user',
              entityId: username.toLowerCase(),
              requestId: req.id,
            });
            return null;
          }
          const session = await createSession(tx, outcome.userId);
          await recordAudit(tx, {
            actor: { id: outcome.userId, username: outcome.username },
            action: 'login',
            entity: 'user',
            entityId: outcome.userId,
            requestId: req.id,
          });
          return { outcome, session };
        });
        if (!signedIn) {
          // The same answer whatever the reason (an account waiting after failures included), so
          // it does not tell who exists or who is being guessed.
          throw new UnauthenticatedError(
            'Wrong username or password (after several wrong tries, wait a minute before trying again)',
          );
        }
        const { outcome, session } = signedIn;
        res.cookie(SESSION_COOKIE, session.token, { ...cookieOptions, maxAge: SESSION_TTL_HOURS * 3600_000 });
        const reply: SessionReply = {
          user: { username: outcome.username, roles: outcome.roles },
          csrfToken: session.csrfToken,
        };
        res.json(reply);
      },
    },
    {
      method: 'post',
      path: '/api/auth/logout',
      access: 'authenticated',
      summary: 'End the session',
      async handler(req, res) {
        const token = readCookie(req.headers.cookie, SESSION_COOKIE);
        if (token) {
          await deleteSession(db, token);
          sessionCacheOf(db).forgetToken(token);
        }
        res.clearCookie(SESSION_COOKIE, cookieOptions);
        res.status(204).end();
      },
    },
    {
      method: 'get',
      path: '/api/auth/session',
      access: 'public',
      summary:
        'Who is logged in, if anyone: { user (with office), csrfToken }, or { user: null } (200 either way)',
      async handler(req, res) {
        // The web app's first question: "nobody" is an answer here, not a 401 that the
        // browser would log as a failed request on every visit to the login page.
        if (req.sessionError) throw req.sessionError;
        const user = req.user;
        if (!user) {
          res.json({ user: null });
          return;
        }
        res.json(await sessionReply(user, req.csrfToken!));
      },
    },
    {
      method: 'get',
      path: '/api/auth/me',
      access: 'authenticated',
      summary: 'The logged-in user (with their office) and the CSRF token',
      async handler(req, res) {
        const user = req.user!;
        res.json(await sessionReply(user, req.csrfToken!));
      },
    },
  ];
};
