import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { accountMigrations } from '../../../../main/core/db/account-migrations';
import { openDatabase, type Db } from '../../../../main/core/db/database';
import { MessagesStore } from '../../../../main/core/db/messages-store';
import { QUEUE_SQL, QueueStore } from '../../../../main/core/outbox/queue-store';
import { tempDir } from '../../../helpers/temp';

function store(): { db: Db; queue: QueueStore } {
  const db = openDatabase(path.join(tempDir(), 'queue.sqlite3'), { migrations: accountMigrations, synchronous: 'NORMAL' });
  return { db, queue: new QueueStore(db, new MessagesStore(db)) };
}

const text = (t: string) => ({ type: 'text' as const, text: t });
const failure = { code: 'outcome_unknown', message: 'No answer.' };

describe('the outbox queue as a delivery store', () => {
  it('hands out the first of each recipient’s line, and none behind an unresolved one', () => {
    const { db, queue } = store();
    const x1 = queue.enqueue('61400000001', text('x1')).id;
    const y1 = queue.enqueue('61400000002', text('y1')).id;
    const x2 = queue.enqueue('61400000001', text('x2')).id;
    const z1 = queue.enqueue('61400000003', text('z1')).id;
    const ready = (): string[] => queue.ready(10).map((r) => r.id);
    expect(ready()).toEqual([x1, y1, z1]);
    expect(queue.ready(2).map((r) => r.id)).toEqual([x1, y1]);
    queue.apply([{ kind: 'sending', id: x1, at: 1 }], true);
    expect(ready()).toEqual([y1, z1]);
    queue.apply([{ kind: 'unknown', id: x1, at: 2, failure }], false);
    expect(ready()).toEqual([y1, z1]);
    queue.apply([{ kind: 'attention', id: x1, reason: 'Decide.' }], false);
    expect(ready()).toEqual([y1, z1]);
    expect(queue.unresolved(10).map((r) => [r.id, r.state, r.unknownAt])).toEqual([[x1, 'attention', 2]]);
    expect(queue.resolve(x1, 'arrived')).toBe('61400000001');
    expect(ready()).toEqual([y1, x2, z1]);
    db.close();
  });

  it('applies a transition only from the states it may leave, so a late answer cannot undo a decision', () => {
    const { db, queue } = store();
    const id = queue.enqueue('61400000001', text('hello')).id;
    queue.apply([{ kind: 'sending', id, at: 1 }], true);
    queue.apply([{ kind: 'unknown', id, at: 2, failure }], false);
    queue.apply([{ kind: 'attention', id, reason: 'Decide.' }], false);
    expect(queue.resolve(id, 'arrived')).toBe('61400000001');
    // Neither a resend nor a failure may follow "arrived"; nor "sending" (it is not queued).
    expect(queue.apply([{ kind: 'retry', id, failure: null }], false)).toEqual([]);
    expect(queue.apply([{ kind: 'failed', id, failure }], false)).toEqual([]);
    expect(queue.apply([{ kind: 'sending', id, at: 3 }], true)).toEqual([]);
    expect(queue.state(id)).toBe('arrived');
    expect(queue.resolve(id, 'send-again')).toBe(false);
    expect(queue.cancel(id)).toBe(false);
    db.close();
  });

  it('knows which provider ids its records claim', () => {
    const { db, queue } = store();
    const id = queue.enqueue('61400000001', text('hello')).id;
    queue.apply([{ kind: 'sending', id, at: 1 }], true);
    queue.apply([{ kind: 'accepted', id, via: 'answer', sent: { id: '9001', recipient: '61400000001', status: 'sent', state: 'SENT', message: 'hello', createdDate: '2026-11-30 10:00:00 +1100', createdAt: 1 } }], false);
    expect(queue.claimed(['9001', '9002'])).toEqual(new Set(['9001']));
    db.close();
  });

  it('reads ride indexes: no per-send scan of the queue', () => {
    const { db } = store();
    const plan = (sql: string, ...params: unknown[]): string =>
      db
        .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
        .all(...params)
        .map((r) => r.detail)
        .join('\n');
    const ready = plan(QUEUE_SQL.ready, 10);
    expect(ready).toMatch(/SEARCH q USING INDEX outbox_queue_state \(state=\?\)/);
    expect(ready).toMatch(/SEARCH p USING (COVERING )?INDEX outbox_queue_open \(recipient=\? AND seq<\?\)/);
    expect(ready).not.toMatch(/TEMP B-TREE|SCAN/);
    expect(plan(QUEUE_SQL.unresolved, 10)).toMatch(/SEARCH outbox_queue USING INDEX outbox_queue_state \(state=\?\)/);
    expect(plan(QUEUE_SQL.claimed, '9001')).toMatch(/SEARCH outbox_queue USING (COVERING )?INDEX outbox_queue_provider \(provider_id=\?\)/);
    db.close();
  });
});
