import express from 'express';
import { type RouterStackOwner, servedRoutes } from './served-routes';

describe('servedRoutes', () => {
  it('lists an Express 5 app’s routes, mounts and middleware in router order', () => {
    const app = express();
    app.use(express.json());
    app.get('/healthz', (_request, response) => response.end());
    app.post('/offers/:workItemId/accept', (_request, response) => response.end());
    app.use('/app', function webApp(_request, _response, next) {
      next();
    });
    function onUpgrade(): void {}

    const served = servedRoutes(app as unknown as RouterStackOwner, [onUpgrade]);

    expect(served.routes).toEqual([
      { method: 'GET', path: '/healthz' },
      { method: 'POST', path: '/offers/:workItemId/accept' },
    ]);
    expect(served.mounts).toEqual([{ path: '/app', handler: 'webApp' }]);
    expect(served.middleware).toEqual(['jsonParser']);
    expect(served.upgradeHandlers).toEqual(['onUpgrade']);
  });
});
