import { useCallback, useEffect, useState, type ReactElement } from 'react';
import type { UnusedCache } from '../../../../shared/contract';
import { api, errorMessage } from '../../api';
import { Notice } from '../../components/Notice';
import { formatBytes } from '../../format';
import { fullTime } from '../../time';

function cacheName(cache: UnusedCache): string {
  return cache.accountId === 'demo' ? 'Demo data' : `An earlier account (${cache.accountId.slice(0, 8)})`;
}

/**
 * Settings → Data on this computer: messages of accounts no longer in use. Removing or replacing
 * an account keeps its message cache on disk (only leaving the demo deletes it); this lists them
 * and deletes one after a confirmation. Main never lists or deletes the cache in use.
 */
export function UnusedCaches(): ReactElement {
  const [caches, setCaches] = useState<UnusedCache[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [deleted, setDeleted] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setCaches((await api.db.unusedCaches()).caches);
      setError(null);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }, []);

  useEffect(() => {
    void load();
    // Removing or switching an account leaves a cache behind: show it at once.
    return api.on('account.changed', () => void load());
  }, [load]);

  const remove = async (cache: UnusedCache): Promise<void> => {
    setDeleting(cache.accountId);
    setDeleted(null);
    try {
      setCaches((await api.db.deleteUnusedCache({ accountId: cache.accountId })).caches);
      setDeleted(`${cacheName(cache)}: ${formatBytes(cache.sizeBytes)} deleted from this computer.`);
      setError(null);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setDeleting(null);
      setConfirming(null);
    }
  };

  return (
    <div className="unused-caches" aria-labelledby="unused-caches-title" role="group">
      <h3 id="unused-caches-title">Messages of accounts not in use</h3>
      <p className="field__hint">
        Removing or replacing an account keeps its messages on this computer. Delete them here when you no longer need them; SMSGlobal keeps
        its own copy, and adding the account again downloads them again.
      </p>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {deleted ? <Notice tone="ok">{deleted}</Notice> : null}
      {caches === null ? (
        error ? null : <p role="status">Looking for them…</p>
      ) : caches.length === 0 ? (
        <p>None: only the account in use has messages on this computer.</p>
      ) : (
        <ul className="unused-caches__list" aria-label="Messages of accounts not in use">
          {caches.map((cache) => (
            <li key={cache.accountId} className="unused-caches__item">
              <div className="unused-caches__what">
                <strong>{cacheName(cache)}</strong>
                <span className="unused-caches__detail">
                  {formatBytes(cache.sizeBytes)} · last used {fullTime(cache.lastUsedAt)}
                </span>
              </div>
              <div className="form-actions">
                {confirming === cache.accountId ? (
                  <>
                    <span>Delete these messages from this computer?</span>
                    <button type="button" className="button button--danger" disabled={deleting !== null} onClick={() => void remove(cache)}>
                      {deleting === cache.accountId ? 'Deleting…' : 'Yes, delete'}
                    </button>
                    <button type="button" className="button button--ghost" disabled={deleting !== null} onClick={() => setConfirming(null)}>
                      Keep them
                    </button>
                  </>
                ) : (
                  <button type="button" className="button" onClick={() => setConfirming(cache.accountId)} disabled={deleting !== null}>
                    Delete
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
