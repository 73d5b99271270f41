import type { Services } from '../../core/services';
import type { HandlersOf } from './types';

/** The SMSGlobal account and the demo. */
export function accountHandlers({ account }: Services): HandlersOf<'account' | 'demo'> {
  return {
    'account.status': () => account.status(),
    'account.test': ({ key, secret, baseUrl }) => account.test({ key, secret }, baseUrl),
    'account.save': ({ key, secret, acceptWeakStorage }) => account.save({ key, secret }, acceptWeakStorage ?? false),
    'account.recheck': () => account.recheck(),
    'account.remove': () => account.remove(),
    'demo.start': () => account.startDemo(),
    'demo.stop': () => account.stopDemo(),
  };
}
