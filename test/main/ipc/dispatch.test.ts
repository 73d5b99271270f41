import { describe, expect, it, vi } from 'vitest';
import { channels } from '../../../shared/contract';
import { AppError } from '../../../shared/result';
import { createDispatcher, type Handlers } from '../../../main/ipc/dispatch';
import { createHandlers } from '../../../main/ipc/handlers';
import { testServices } from '../../helpers/services';

describe('dispatch', () => {
  it('refuses input that fails its schema, and the handler never runs', async () => {
    const { services } = await testServices();
    const handlers = createHandlers(services);
    const update = vi.spyOn(handlers, 'settings.update');
    const dispatch = createDispatcher(handlers, services.log);

    const result = await dispatch('settings.update', { theme: 'purple', timeZone: 42 });

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('validation');
    expect(Object.keys(result.error.fields ?? {})).toEqual(expect.arrayContaining(['theme', 'timeZone']));
    expect(update).not.toHaveBeenCalled();
    expect(services.settings.get().theme).toBe('system');
  });

  it('refuses unknown keys instead of ignoring them', async () => {
    const { services } = await testServices();
    const dispatch = createDispatcher(createHandlers(services), services.log);
    const result = await dispatch('settings.update', { theme: 'dark', apiSecret: 'x' });
    expect(result).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(services.settings.get().theme).toBe('system');
  });

  it('answers an unknown channel with not_found', async () => {
    const { services } = await testServices();
    const dispatch = createDispatcher(createHandlers(services), services.log);
    expect(await dispatch('fs.readFile', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await dispatch('__proto__', null)).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('runs a valid call and returns its output', async () => {
    const { services } = await testServices();
    const dispatch = createDispatcher(createHandlers(services), services.log);
    const result = await dispatch('settings.update', { theme: 'dark' });
    expect(result).toMatchObject({ ok: true, value: { theme: 'dark' } });
  });

  it('turns an AppError into data and hides unexpected errors behind a generic message', async () => {
    const { services, logLines } = await testServices();
    const base = createHandlers(services);
    const handlers: Handlers = {
      ...base,
      'app.info': () => {
        throw new AppError({ code: 'unavailable', message: 'Not now.' });
      },
      'db.status': () => {
        throw new Error('SQLITE_CORRUPT at /home/someone/secret-path');
      },
    };
    const dispatch = createDispatcher(handlers, services.log);
    expect(await dispatch('app.info', null)).toEqual({ ok: false, error: { code: 'unavailable', message: 'Not now.' } });
    const hidden = await dispatch('db.status', null);
    expect(hidden).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(hidden)).not.toContain('secret-path');
    expect(logLines.join('')).toContain('SQLITE_CORRUPT');
  });

  it('refuses a handler answer that breaks the contract and strips undeclared fields', async () => {
    const { services } = await testServices();
    const base = createHandlers(services);
    const broken = createDispatcher({ ...base, 'app.info': () => ({ name: 1 }) as never }, services.log);
    expect(await broken('app.info', null)).toMatchObject({ ok: false, error: { code: 'internal' } });
    const leaky = createDispatcher(
      { ...base, 'app.info': () => ({ name: 'a', version: '1', dataDir: '/d', systemNotifications: false, secret: 's3cr3t' }) as never },
      services.log,
    );
    const result = await leaky('app.info', null);
    expect(result).toEqual({ ok: true, value: { name: 'a', version: '1', dataDir: '/d', systemNotifications: false } });
  });

  it('has a handler for every channel of the contract', async () => {
    const { services } = await testServices();
    expect(Object.keys(createHandlers(services)).sort()).toEqual([...channels].sort());
  });

  it('opens only https links through the platform', async () => {
    const { services, platform } = await testServices();
    const dispatch = createDispatcher(createHandlers(services), services.log);
    expect(await dispatch('app.openExternal', { url: 'file:///etc/passwd' })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await dispatch('app.openExternal', { url: 'http://example.com' })).toMatchObject({ ok: false });
    expect(await dispatch('app.openExternal', { url: 'https://www.smsglobal.com/' })).toEqual({ ok: true, value: { opened: true } });
    expect(platform.opened).toEqual(['https://www.smsglobal.com/']);
  });
});
