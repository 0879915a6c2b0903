import { existsSync } from 'node:fs';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import type { Pool } from './db/pool.ts';
import { HttpError } from './http/errors.ts';
import { registerAuth } from './plugins/auth.ts';
import { registerErrorHandler } from './plugins/error-handler.ts';
import { Realtime } from './plugins/realtime.ts';
import type { RedisConnection } from './plugins/redis.ts';
import { authRoutes } from './modules/auth/routes.ts';
import { findSessionUser } from './modules/auth/sessions.ts';
import { realtimeCasePublisher } from './modules/cases/publisher.ts';
import { photoRoutes } from './modules/cases/photos.ts';
import { uploadRoutes } from './modules/uploads/routes.ts';
import { caseRoutes } from './modules/cases/routes.ts';
import { AssignmentAcks, assignmentAckRoutes } from './modules/cases/acknowledgements.ts';
import { setAckTimeoutSeconds } from './modules/cases/case-view.ts';
import { registerIdempotency } from './modules/idempotency/plugin.ts';
import { categoryRoutes } from './modules/categories/routes.ts';
import { clockSettingsRoutes } from './modules/clocks/routes.ts';
import { EscalationSweeper } from './modules/clocks/sweeper.ts';
import { HotlineService, HotlineWorker, hotlineRoutes } from './modules/hotline/index.ts';
import { CaseService } from './modules/cases/service.ts';
import { districtRoutes } from './modules/district/routes.ts';
import { eventRoutes } from './modules/events/routes.ts';
import { kpiRoutes } from './modules/kpis/routes.ts';
import { merchantKpiRoutes } from './modules/kpis/merchant-routes.ts';
import { merchantsModule } from './modules/merchants/index.ts';
import { realtimeGradePublisher } from './modules/merchants/grade-publisher.ts';
import { GradeSweeper } from './modules/merchants/grade-sweeper.ts';
import { zoneRoutes } from './modules/zones/routes.ts';
import { httpGeocoder } from './modules/geocode/external.ts';
import { useExternalGeocoder } from './modules/geocode/gazetteer.ts';
import { geocodeRoutes } from './modules/geocode/routes.ts';
import { publicReportModule, type PublicReportOptions } from './modules/public/module.ts';
import { open311Module } from './modules/open311/index.ts';
import { attachSquadSocketHandlers } from './modules/squads/socket-handlers.ts';
import { squadRoutes } from './modules/squads/routes.ts';
import { SquadService } from './modules/squads/service.ts';
import { DemoStatus } from './modules/system/demo-status.ts';
import { systemRoutes } from './modules/system/routes.ts';

export interface AppDeps {
  config: Pick<
    Config,
    'positionFreshSeconds' | 'sessionTtlHours' | 'webDistDir' | 'logLevel' | 'trustProxy' | 'escalationSweepMs'
  > &
    // How squad fixes are written and tracks kept; the squad service's defaults when not given.
    Partial<Pick<Config, 'positionWriteMs' | 'trackMinDistanceM' | 'trackMinIntervalSeconds' | 'trackRetentionDays'>> &
    // The hotline reply worker's settings; its own defaults when not given.
    Partial<Pick<Config, 'hotlineWorkerMs' | 'hotlineRetryBaseMs' | 'hotlineMaxAttempts'>> &
    // How long an assignment may go unacknowledged before dispatchers see it flagged (default 120 s).
    Partial<Pick<Config, 'ackTimeoutSeconds'>> &
    // How often merchant grades are stepped back after a clean period (default hourly).
    Partial<Pick<Config, 'gradeSweepMs'>> &
    // An external geocoder (GEOCODER_*); none when not given.
    Partial<Pick<Config, 'geocoder'>>;
  pool: Pool;
  redis: RedisConnection | undefined;
  dbMode: 'embedded' | 'external';
  /** Fastify logger on/off; tests turn it off. */
  logger?: boolean;
  /** The citizen form's proof of work and rate limits, when not the defaults. */
  publicReports?: PublicReportOptions;
}

export interface App {
  http: FastifyInstance;
  realtime: Realtime;
  close(): Promise<void>;
}

/** Wires the infrastructure, then one module per domain. The caller listens and closes. */
export async function buildApp(deps: AppDeps): Promise<App> {
  const http = Fastify({
    logger: deps.logger === false ? false : { level: deps.config.logLevel, redact: ['req.headers.authorization'] },
    // Malformed ids and bodies must be a 400 naming the field: unknown
    // properties are errors, not silently removed. Scalars are coerced
    // (query strings and path ids arrive as text; "5" for 5 in a body passes).
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
    bodyLimit: 1024 * 1024,
    trustProxy: deps.config.trustProxy,
  });

  registerErrorHandler(http);
  registerAuth(http, deps.pool);
  // Before the routes: it hooks the case-action and filing routes as they are added.
  registerIdempotency(http, deps.pool);
  setAckTimeoutSeconds(deps.config.ackTimeoutSeconds ?? 120);
  await http.register(fastifyHelmet, {
    // Everything the web app loads is its own: no CDN, no tile server, no
    // fonts from elsewhere. maplibre runs its worker from a blob and reads
    // images from blobs; socket.io needs ws:.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        workerSrc: ["'self'", 'blob:'],
        childSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        fontSrc: ["'self'", 'data:'],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    // Plain http on a bureau's LAN is a supported setup; HSTS is for the TLS proxy in front.
    strictTransportSecurity: false,
  });
  // Only routes that ask for it (login) are limited. Counters are per node;
  // a cluster-wide limit needs a shared store (issue 4's abuse protection).
  await http.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new HttpError(429, `Too many attempts; try again in ${Math.ceil(context.ttl / 1000)} s`, {
        code: 'rate_limited',
      }),
  });

  const realtime = new Realtime({
    httpServer: http.server,
    redis: deps.redis,
    authenticate: (token) => findSessionUser(deps.pool, token),
    onConnection: (socket) => attachSquadSocketHandlers(socket, squads),
  });
  const reportError = (error: unknown) => http.log.error({ err: error }, 'after-commit push failed');
  const squads = new SquadService(deps.pool, realtime, deps.config.positionFreshSeconds, reportError, {
    writeMs: deps.config.positionWriteMs,
    trackMinDistanceM: deps.config.trackMinDistanceM,
    trackMinIntervalSeconds: deps.config.trackMinIntervalSeconds,
    trackRetentionDays: deps.config.trackRetentionDays,
  });
  const publisher = realtimeCasePublisher(realtime, reportError);
  const grades = realtimeGradePublisher(deps.pool, realtime, reportError);
  const cases = new CaseService(deps.pool, squads, publisher, grades);
  const demo = new DemoStatus(deps.pool, realtime);
  demo.start();
  const sweeper = new EscalationSweeper(deps.pool, publisher, {
    intervalMs: deps.config.escalationSweepMs,
    reportError: (error) => http.log.error({ err: error }, 'escalation sweep failed'),
  });
  const gradeSweeper = new GradeSweeper(deps.pool, grades, {
    intervalMs: deps.config.gradeSweepMs ?? 3_600_000,
    reportError: (error) => http.log.error({ err: error }, 'merchant grade sweep failed'),
  });
  const hotlineWorker = new HotlineWorker(deps.pool, {
    intervalMs: deps.config.hotlineWorkerMs,
    retryBaseMs: deps.config.hotlineRetryBaseMs,
    maxAttempts: deps.config.hotlineMaxAttempts,
    reportError: (error) => http.log.error({ err: error }, 'hotline replies failed'),
  });

  await http.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'civic-dispatch API',
        version: '0.1.0',
        description: 'District urban-management dispatch (城管指挥调度)',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  // staticCSP: the docs page's inline scripts get hashes in its own CSP
  // header. We adjust it: swagger-ui sets inline styles, and a bureau may
  // serve plain http on its LAN, where upgrading requests to https breaks the page.
  await http.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    transformStaticCSP: (header) =>
      header
        .replace("style-src 'self' https:", "style-src 'self' 'unsafe-inline'")
        .replace(/upgrade-insecure-requests;?/, ''),
    uiConfig: { validatorUrl: null },
  });

  await http.register(
    systemRoutes({
      pool: deps.pool,
      redis: deps.redis,
      dbMode: deps.dbMode,
      demo,
      positionFreshSeconds: deps.config.positionFreshSeconds,
    }),
  );
  await http.register(authRoutes(deps.pool, deps.config.sessionTtlHours));
  await http.register(districtRoutes(deps.pool));
  await http.register(squadRoutes(squads));
  await http.register(caseRoutes(deps.pool, cases, squads));
  await http.register(assignmentAckRoutes(new AssignmentAcks(deps.pool, publisher)));
  await http.register(photoRoutes(deps.pool));
  await http.register(uploadRoutes(deps.pool));
  await http.register(categoryRoutes(deps.pool));
  await http.register(clockSettingsRoutes(deps.pool));
  await http.register(eventRoutes(deps.pool));
  await http.register(kpiRoutes(deps.pool));
  await http.register(merchantKpiRoutes(deps.pool));
  await http.register(merchantsModule({ pool: deps.pool, realtime, reportError }));
  await http.register(zoneRoutes({ pool: deps.pool, realtime }));
  // Cases filed with an address (lookupAddress) and GET /api/geocode ask the same external service.
  const externalGeocoder = deps.config.geocoder ? httpGeocoder(deps.config.geocoder) : undefined;
  useExternalGeocoder(externalGeocoder);
  await http.register(
    geocodeRoutes({
      pool: deps.pool,
      external: externalGeocoder,
      reportError: (error) => http.log.error({ err: error }, 'gazetteer import failed'),
    }),
  );
  await http.register(
    hotlineRoutes({
      pool: deps.pool,
      service: new HotlineService(deps.pool, cases),
      kickWorker: () => hotlineWorker.kick(),
    }),
  );
  await http.register(
    publicReportModule({ pool: deps.pool, cases, redis: deps.redis, options: deps.publicReports, log: http.log }),
  );
  // Open311 GeoReport v2 at /open311/v2 (docs/open311.md) and its keys at /api/open311/keys.
  await http.register(open311Module({ pool: deps.pool, cases }));

  if (existsSync(deps.config.webDistDir)) {
    // The web app routes by hash, so `/` serves the index and everything else
    // is a file looked up on each request (a rebuild needs no restart).
    await http.register(fastifyStatic, { root: deps.config.webDistDir });
  }

  // Started once the routes exist; its first sweep catches up on any
  // deadline that passed while no node was running.
  sweeper.start();
  gradeSweeper.start();
  squads.start();
  hotlineWorker.start();

  return {
    http,
    realtime,
    async close() {
      await sweeper.stop();
      await gradeSweeper.stop();
      await hotlineWorker.stop();
      demo.stop();
      // Queued fixes are stored before the sockets that sent them go.
      await squads.close();
      await realtime.close();
      await http.close();
    },
  };
}
