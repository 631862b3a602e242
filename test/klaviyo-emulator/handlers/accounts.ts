/** GET /api/accounts: the account the key belongs to (one per private key). */
import type { Handler } from '../context';
import { accountResource } from '../serialize';
import { selfLink } from './common';

export const getAccounts: Handler = (ctx) => ({
  status: 200,
  body: { data: [accountResource(ctx.config.linkBase, ctx.account)], links: { ...selfLink(ctx), next: null, prev: null } },
});
