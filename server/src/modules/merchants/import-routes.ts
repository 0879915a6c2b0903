import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { MerchantModuleDeps } from './index.ts';

export const importRoutes =
  (_deps: MerchantModuleDeps): FastifyPluginAsyncTypebox =>
  async () => {};
