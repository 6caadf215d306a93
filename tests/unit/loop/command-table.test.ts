/**
 * The command table (src/worker/lab-protocol.ts) is the one declaration of the Lab's commands: the
 * host handles every command of it and nothing else, the client has a method for each, a recorded run
 * answers exactly the commands marked `replayed`, and the Open Inference Protocol calls answer through
 * the in-page host with the protocol's shapes.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { COMMAND_RULES, type LabCommandType } from '../../../src/worker/lab-protocol';
import { CLIENT_METHODS, LabClient } from '../../../src/worker/lab-client-core';
import { createInPageLabClient } from '../../../src/worker/lab-client';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('the command table', () => {
  test('every command has a client method, and that method exists', () => {
    const commands = Object.keys(COMMAND_RULES) as LabCommandType[];
    expect(Object.keys(CLIENT_METHODS).sort()).toEqual([...commands].sort());
    for (const k of commands) expect(typeof LabClient.prototype[CLIENT_METHODS[k]]).toBe('function');
  });

  test('the host answers an unknown command with a typed error, and the OIP calls with their shapes', async () => {
    const client = createInPageLabClient();
    try {
      await client.create({ scenario: 'stable', seed: 2, requests: 50, policy: 'off', training: { epochs: 1 } });
      expect(await client.live()).toEqual({ live: true });
      expect(await client.ready()).toEqual({ ready: true });
      expect(await client.ready('lab', 'v1')).toEqual({ name: 'lab', ready: true });
      expect(await client.ready('lab', 'v9')).toEqual({ name: 'lab', ready: false });
      expect(await client.ready('another-model')).toMatchObject({ error: expect.stringMatching(/another-model/) });
      const meta = await client.metadata('lab');
      expect(meta).toMatchObject({ name: 'lab', versions: ['v1'] });
      const bad = (client as unknown as { request: (type: string, body: object) => Promise<unknown> }).request('frobnicate', {});
      await expect(bad).rejects.toMatchObject({ code: 'invalid-lab-command' });
    } finally {
      await client.dispose();
    }
  });
});
