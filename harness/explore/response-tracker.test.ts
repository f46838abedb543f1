import { serialize } from 'pg-protocol';
import { describe, expect, it } from 'vitest';
import { PreparedNames, summariseBatch } from './client-batch.ts';
import { ResponseTracker } from './response-tracker.ts';
import { WireFrameReader, type WireMessage } from './wire-frames.ts';

// Server messages built by hand: type byte, length, body.
const server = (type: string, body: Buffer = Buffer.alloc(0)): WireMessage => {
  const header = Buffer.alloc(5);
  header.write(type, 0, 'latin1');
  header.writeInt32BE(body.length + 4, 1);
  return { type, bytes: Buffer.concat([header, body]) };
};
const ready = (status: string) => server('Z', Buffer.from(status, 'latin1'));
const error = server('E', Buffer.from('SERROR\0C42601\0Msyntax error\0\0'));
const frames = (...buffers: Buffer[]) => new WireFrameReader({ startup: false }).push(Buffer.concat(buffers));

function tracked() {
  const log: string[] = [];
  const tracker = new ResponseTracker({ answered: (o) => log.push(`${o.stepId}:answered:${o.transactionStatus}`), failed: (id, e) => log.push(`${id}:failed:${e}`) });
  return { log, tracker, names: new PreparedNames() };
}

describe('ResponseTracker', () => {
  it('answers a Sync step at its ReadyForQuery, whatever came before', () => {
    const { log, tracker, names } = tracked();
    tracker.sent(1, summariseBatch(frames(serialize.parse({ text: 'SELECT 1' }), serialize.bind({}), serialize.execute({}), serialize.sync()), names));
    for (const m of [server('1'), server('2'), server('C', Buffer.from('SELECT 1\0'))]) tracker.observe(m);
    expect(log).toEqual([]);
    tracker.observe(ready('T'));
    expect(log).toEqual(['1:answered:T']);
  });

  it('answers Flush steps by the reply to their last message, and skipped ones by the error before Sync', () => {
    const { log, tracker, names } = tracked();
    tracker.sent(1, summariseBatch(frames(serialize.parse({ text: 'SELECT g FROM t' }), serialize.bind({}), serialize.execute({ rows: 2 }), serialize.flush()), names));
    tracker.sent(2, summariseBatch(frames(serialize.execute({ rows: 2 }), serialize.flush()), names));
    tracker.sent(3, summariseBatch(frames(serialize.execute({ rows: 2 }), serialize.flush()), names));
    tracker.sent(4, summariseBatch(frames(serialize.sync()), names));
    for (const m of [server('1'), server('2'), server('D'), server('s')]) tracker.observe(m);
    expect(log).toEqual(['1:answered:null']);
    tracker.observe(error); // step 2's Execute failed: step 3 is discarded by PostgreSQL
    expect(log).toEqual(['1:answered:null', '2:failed:42601: syntax error', '2:answered:null', '3:answered:null']);
    tracker.observe(ready('I'));
    expect(log.at(-1)).toBe('4:answered:I');
    expect(tracker.inFlight()).toEqual([]);
  });

  it('knows a named statement\'s SQL when a later batch only binds it', () => {
    const names = new PreparedNames();
    summariseBatch(frames(serialize.parse({ name: 'q1', text: 'SELECT $1::int' }), serialize.sync()), names);
    const later = summariseBatch(frames(serialize.bind({ statement: 'q1', values: ['1'] }), serialize.execute({}), serialize.sync()), names);
    expect(later).toMatchObject({ sql: ['SELECT $1::int'], endsWith: 'sync' });
  });
});

describe('WireFrameReader', () => {
  it('reassembles messages split at any byte, start-up packet first', () => {
    const bytes = Buffer.concat([serialize.startup({ user: 'u', database: 'd' }), serialize.query('SELECT 1'), serialize.sync()]);
    for (let cut = 1; cut < bytes.length; cut++) {
      const reader = new WireFrameReader({ startup: true });
      const got = [...reader.push(bytes.subarray(0, cut)), ...reader.push(bytes.subarray(cut))];
      expect(got.map((m) => m.type)).toEqual(['', 'Q', 'S']);
      expect(Buffer.concat(got.map((m) => m.bytes)).equals(bytes)).toBe(true);
    }
  });

  it('refuses an impossible length instead of waiting for it', () => {
    const reader = new WireFrameReader({ startup: false });
    expect(() => reader.push(Buffer.from([0x51, 0, 0, 0, 2]))).toThrow(/invalid message 'Q' length 2/);
  });
});
