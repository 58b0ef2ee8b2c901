import { apiClient, type Client } from './api-harness';
import type { ChildServer } from './child-server';

/** The sessions of a child server's first admin and of an approver it created (in the database). */
export interface ChildTokens {
  admin: string;
  approver: string;
  approverId: string;
}

/** Clients of a (re)started child server: the URL changes, the sessions stay in the database. */
export interface ChildSession {
  server: ChildServer;
  admin: Client;
  approver: Client;
  /** A second client of the approver, so that two decisions travel in separate requests. */
  approver2: Client;
}

/** Signs the first admin in with the token a fresh database printed, and creates an approver. */
export async function signInFirstAdmin(server: ChildServer): Promise<ChildTokens> {
  const token = server.signInToken;
  if (token === undefined) {
    throw new Error(`a fresh database prints a sign-in URL\n${server.tail()}`);
  }
  const anonymous = apiClient(server.url);
  const admin = await anonymous.auth.signIn.mutate({ token });
  const adminClient = apiClient(server.url, admin.token);
  const created = await adminClient.users.create.mutate({ name: 'Ada', roles: ['approver'] });
  const approverSecret = new URL(created.signInUrl).searchParams.get('token') ?? '';
  const approver = await anonymous.auth.signIn.mutate({ token: approverSecret });
  return { admin: admin.token, approver: approver.token, approverId: created.user.id };
}

export function childSession(server: ChildServer, tokens: ChildTokens): ChildSession {
  return {
    server,
    admin: apiClient(server.url, tokens.admin),
    approver: apiClient(server.url, tokens.approver),
    approver2: apiClient(server.url, tokens.approver),
  };
}
