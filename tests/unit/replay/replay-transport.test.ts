/**
 * The replay transport behind a real LabClient: a recorded run answers `create`, `step`, `run`,
 * `play`/`pause` (in simulated time, paced by a scheduler the test drives) and `snapshot` like a live
 * Lab, refuses every command that needs one with a typed RecordedRunError, and loads only what
 * validates. Loading goes through a real HTTP server on 127.0.0.1. Nothing on this path imports tfjs.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { LabEvent, LabSnapshot } from '../../../src/loop/index';
import { recordRun } from '../../../src/loop/persistence/record';
import type { Recording } from '../../../src/loop/persistence/record-format';
import { deferredTransport } from '../../../src/worker/deferred-transport';
import { LabClient } from '../../../src/worker/lab-client-core';
import { createReplayLabClient, loadRecording } from '../../../src/worker/replay-load';
import { recordingDuration, replayTransport } from '../../../src/worker/replay-transport';
import { rejection } from '../../support/errors';

let recording: Recording;
let server: Server;
let origin = '';

/** A scheduler the test advances by hand: `play` slices run only when `tick()` is called. */
function manualScheduler() {
  const queue: (() => void)[] = [];
  return {
    schedule: (fn: () => void) => (queue.push(fn), fn),
    cancel: (handle: unknown) => {
      const i = queue.indexOf(handle as () => void);
      if (i >= 0) queue.splice(i, 1);
    },
    pending: () => queue.length,
    /** Runs the slices due now, then lets their messages arrive. */
    tick: async (slices = 1) => {
      for (let i = 0; i < slices; i++) queue.splice(0).forEach((fn) => fn());
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  recording = await recordRun({ scenario: 'moons-rotation', seed: 5, requests: 2000 }, { every: 4 });
  const body = JSON.stringify(recording);
  server = createServer((request, response) => {
    if (request.url === '/run.json') response.writeHead(200, { 'content-type': 'application/json' }).end(body);
    else if (request.url === '/garbage.json') response.writeHead(200, { 'content-type': 'application/json' }).end('{"format":"mlops-lab-recording","version":9}');
    else response.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('replayTransport', () => {
  test('create delivers the start of the run; step and run move through simulated time', async () => {
    const client = new LabClient(replayTransport(recording));
    const events: LabEvent[] = [];
    client.onLabEvent((e) => events.push(e));
    const start = await client.create({ scenario: 'stable', seed: 1 }); // the recording's own config wins
    expect(start.position).toBe(0);
    expect(start.deployed.production).toBe('v1');
    expect(events.some((e) => e.type === 'version' && e.version.id === 'v1')).toBe(true);
    expect(await client.snapshot()).toEqual(start);
    const later = await client.step(40);
    expect(later.t).toBeGreaterThan(start.t);
    expect(later.t).toBeLessThanOrEqual(start.t + 40);
    const further = await client.run(500);
    expect(further.position).toBeGreaterThanOrEqual(later.position + 500);
    expect((await rejection(client.step(-1))).code).toBe('invalid-lab-command');
    const end = await client.step(1e6);
    expect(end.done).toBe(true);
    expect(end.position).toBe(2000);
    expect(events.at(-1)?.type).toBe('stream-end');
    await client.dispose();
  });

  test('play advances speed x slice simulated seconds per slice until pause or the end', async () => {
    const clock = manualScheduler();
    const client = new LabClient(replayTransport(recording, { sliceMs: 100, ...clock }));
    const snapshots: LabSnapshot[] = [];
    client.onSnapshot((s) => snapshots.push(s));
    await client.create({ scenario: 'moons-rotation', seed: 5 });
    expect(await client.play(50)).toBeNull(); // 5 simulated seconds per 100 ms slice
    await clock.tick(8); // 40 simulated seconds
    const paused = await client.pause();
    expect(clock.pending()).toBe(0);
    expect(paused.t).toBeGreaterThan(0);
    expect(paused.t).toBeLessThanOrEqual(40);
    expect(snapshots.length).toBeGreaterThan(1);
    await clock.tick(5);
    expect((await client.snapshot()).t).toBe(paused.t); // paused: nothing moves
    await client.play(1e6);
    await clock.tick(2);
    expect(clock.pending()).toBe(0); // reached the end, stopped by itself
    const end = await client.snapshot();
    expect(end.done).toBe(true);
    expect(end.t).toBe(recordingDuration(recording));
    expect((await rejection(client.play(0))).message).toMatch(/speed must be in \(0, 1000000\]/);
    await client.dispose();
  });

  test('commands that need a live Lab get a typed "recorded run" error and the replay goes on', async () => {
    const client = new LabClient(replayTransport(recording));
    expect((await rejection(client.snapshot())).message).toMatch(/no lab yet: send "create" first/);
    await client.create({ scenario: 'moons-rotation', seed: 5 });
    const refusals = [client.retrain('x'), client.promote('v1'), client.rollback(), client.setPolicy('off'), client.setRouting({ kind: 'production' } as never), client.injectIncident('label-stall'), client.infer({}), client.surface(), client.runDrill('label-stall')];
    const errors = await Promise.all(refusals.map((p) => rejection(p)));
    expect(errors.map((e) => e.code)).toEqual(errors.map(() => 'recorded-run'));
    expect(errors[0]?.message).toBe('This is a recorded run: retrain is not available.');
    expect(errors[0]?.name).toBe('RecordedRunError');
    expect(errors[7]?.message).toBe('This is a recorded run: surface is not available.');
    expect((await client.step(10)).t).toBeGreaterThan(0);
    await client.dispose();
  });
});

describe('the run a replay carries', () => {
  test('snapshots carry the recording\'s run; a recording from before runs were recorded gets one from its own metadata, new on each create', async () => {
    const client = new LabClient(replayTransport(recording));
    const start = await client.create({ scenario: 'stable', seed: 1 });
    expect(start.run.scenario.name).toBe('moons-rotation');
    expect(start.run.seed).toBe(5);
    await client.dispose();

    const old: Recording = structuredClone(recording);
    for (const m of old.messages) if (m.type === 'snapshot') delete (m.snapshot as { run?: unknown }).run;
    const replay = new LabClient(replayTransport(old));
    const first = await replay.create({ scenario: 'stable', seed: 1 });
    expect(first.run).toMatchObject({ scenario: { name: 'moons-rotation' }, seed: 5, groundTruth: recording.groundTruth, schema: recording.schema });
    expect((await replay.step(30)).run.id).toBe(first.run.id);
    const again = await replay.create({ scenario: 'stable', seed: 1 });
    expect(again.run.id).not.toBe(first.run.id);
    await replay.dispose();
  });
});

describe('loading a recording', () => {
  const where = () => ({ baseURI: `${origin}/course/page.html`, origin });

  test('fetches a same-origin URL relative to the page and validates it', async () => {
    expect(await loadRecording('../run.json', fetch, where())).toEqual(recording);
  });

  test('refuses another origin, an HTTP error and a bad file, each with a RecordingError', async () => {
    const other = await rejection(loadRecording('http://localhost:1/run.json', fetch, where()));
    expect(other.code).toBe('invalid-recording');
    expect(other.message).toMatch(/is on another site/);
    expect((await rejection(loadRecording('/missing.json', fetch, where()))).message).toMatch(/answered HTTP 404/);
    expect((await rejection(loadRecording('/garbage.json', fetch, where()))).message).toMatch(/version 9 was written by a newer lab/);
  });

  test('a client over a recording that fails to load rejects create with the reason; one that loads replays', async () => {
    const bad = createReplayLabClient('/missing.json', { where: where() });
    expect((await rejection(bad.create({ scenario: 'stable', seed: 1 }))).message).toMatch(/HTTP 404/);
    const good = createReplayLabClient('/run.json', { where: where() });
    const sent = good.create({ scenario: 'stable', seed: 1 }); // sent before the file arrived: queued
    expect((await sent).position).toBe(0);
    await good.dispose();
  });

  test('a deferred transport queues commands in order until its transport is there', async () => {
    let release: (t: ReturnType<typeof replayTransport>) => void = () => undefined;
    const client = new LabClient(deferredTransport(new Promise((r) => (release = r))));
    const created = client.create({ scenario: 'stable', seed: 1 });
    const stepped = client.step(20);
    release(replayTransport(recording));
    expect((await created).position).toBe(0);
    expect((await stepped).t).toBeGreaterThan(0);
    await client.dispose();
  });
});

describe('the replay path loads no TensorFlow.js', () => {
  const ROOT = resolve(import.meta.dirname, '..', '..', '..');
  /** Files reached by static value imports (not `import type`, not dynamic `import()`) from `entry`. */
  function staticImports(entry: string): Set<string> {
    const seen = new Set<string>();
    const todo = [entry];
    while (todo.length > 0) {
      const file = todo.pop() as string;
      if (seen.has(file)) continue;
      seen.add(file);
      if (!file.startsWith('/')) continue; // a package
      const source = readFileSync(file, 'utf8');
      for (const m of source.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^'";]*?from\s+'([^']+)'|^\s*import\s+'([^']+)'/gm)) {
        const spec = (m[1] ?? m[2]) as string;
        if (!spec.startsWith('.')) todo.push(spec);
        else {
          const base = resolve(dirname(file), spec);
          const candidates = [base, `${base}.ts`, join(base, 'index.ts')];
          const found = candidates.find((c) => c.endsWith('.ts') && (() => { try { readFileSync(c); return true; } catch { return false; } })());
          if (found) todo.push(found);
        }
      }
    }
    return seen;
  }

  test('neither the replay client nor the registered elements import tfjs or the Lab statically', () => {
    for (const entry of ['src/worker/replay-load.ts', 'components/index.ts']) {
      const files = [...staticImports(join(ROOT, entry))];
      expect(files.filter((f) => f.startsWith('@tensorflow')), entry).toEqual([]);
      expect(files.filter((f) => /src\/(loop\/lab\.ts|worker\/lab-host|model\/(build|trainer)|compute\/backends)/.test(f)), entry).toEqual([]);
      expect(files.length).toBeGreaterThan(3);
    }
  });
});
