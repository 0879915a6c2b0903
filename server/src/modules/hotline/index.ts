export { hotlineRoutes } from './routes.ts';
export { HotlineService } from './service.ts';
export { HotlineWorker } from './worker.ts';
